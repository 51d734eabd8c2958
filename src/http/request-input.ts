import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError, InvalidInputError } from "../lib/errors.ts";

/** What a POST may carry: an urlencoded form, JSON, a multipart form, or nothing. */
export type BodyKind = "form" | "json" | "multipart" | "empty";

const KINDS: Record<string, BodyKind> = {
  "application/x-www-form-urlencoded": "form",
  "application/json": "json",
  "multipart/form-data": "multipart",
};

/**
 * Refuses (415) a body of any kind not in `allowed`. Fastify already refuses types it has no
 * parser for; this also refuses those it does parse (text/plain) where a route expects none.
 */
export function requireBodyKind(request: FastifyRequest, allowed: readonly BodyKind[]): void {
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  const hasBody = Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined;
  const kind: BodyKind | undefined = type ? KINDS[type] : hasBody ? undefined : "empty";
  if (kind === undefined || !allowed.includes(kind)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "This kind of request body is not accepted here. Send a form or JSON.");
  }
}

/** Parses with a zod schema; the first problem becomes a 400 with a message safe to show. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  // Every field schema carries a message written for readers; none quotes the input back.
  throw new InvalidInputError(result.error.issues[0]?.message ?? "The request is not valid.");
}

/** The `?token=` of a reader link, unchecked (verifyToken refuses anything but one short string). */
export function readToken(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.token;
}

/** Where a request came from, for the consent record: the client IP and a bounded user agent. */
export function readOrigin(request: FastifyRequest): { ip: string | null; userAgent: string | null } {
  const userAgent = request.headers["user-agent"];
  return {
    ip: request.ip || null,
    // Header values cannot hold CR/LF, but may hold other controls; keep the record printable.
    userAgent: userAgent ? userAgent.replace(/[\p{Cc}]/gu, "").slice(0, 512) : null,
  };
}
