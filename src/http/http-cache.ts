import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

/** A public response with its validators, ready to send as 200 or 304. */
export type CacheableResponse = {
  body: string;
  contentType: string;
  /** A strong entity tag (quoted), from buildEtag. */
  etag: string;
  /** Absent when there is nothing to date the content by (an empty list). */
  lastModified?: Date;
  maxAgeSeconds: number;
};

/** A strong ETag: the same parts give the same tag in every process, any change gives another. */
export function buildEtag(...parts: string[]): string {
  return `"${createHash("sha256").update(parts.join("\0")).digest("base64url").slice(0, 32)}"`;
}

/**
 * Sends a public, cacheable response, or 304 when the client's copy is current. The 304 repeats
 * ETag, Last-Modified and Cache-Control, as RFC 9110 §15.4.5 requires of what a 200 would send.
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, response: CacheableResponse): FastifyReply {
  reply.header("etag", response.etag).header("cache-control", `public, max-age=${response.maxAgeSeconds}`);
  if (response.lastModified) reply.header("last-modified", response.lastModified.toUTCString());
  if (isNotModified(request, response)) return reply.code(304).send();
  return reply.code(200).header("content-type", response.contentType).send(response.body);
}

// RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison, §13.1.2); only without
// it does If-Modified-Since count. HTTP dates have whole seconds, so compare in seconds.
function isNotModified(request: FastifyRequest, response: CacheableResponse): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === "*") return true;
    const opaque = (tag: string) => tag.replace(/^W\//, "");
    return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === opaque(response.etag));
  }
  const ifModifiedSince = request.headers["if-modified-since"];
  if (ifModifiedSince === undefined || !response.lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(response.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
