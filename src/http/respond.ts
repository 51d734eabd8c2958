import type { FastifyReply, FastifyRequest } from "fastify";

/** True when the client asked for JSON (an API call) rather than a page (a browser). */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? "";
  if (accept.includes("text/html")) return false;
  return accept.includes("application/json") || (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json");
}

/** Sends a whole page. Pages hold personal settings and signed links, so nothing may cache them. */
export function sendPage(reply: FastifyReply, statusCode: number, page: string): FastifyReply {
  return reply.code(statusCode).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(page);
}

/** Sends JSON to an API client, uncached for the same reason. */
export function sendJson(reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  return reply.code(statusCode).header("cache-control", "no-store").send(body);
}
