import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ADMIN_AUTH_FAILURES, ADMIN_CHALLENGE, createAdminCredentialCheck } from "../lib/admin-credential.ts";
import { renderProblemPage } from "./pages/message-page.ts";
import { sendJson, sendPage, wantsJson } from "./respond.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Refusal = { statusCode: number; code: string; title: string; message: string };

/**
 * Puts every route of `scope` behind the admin token: `Authorization: Bearer <token>`, or basic
 * auth as "admin" with the token as password. Wrong credentials count against the client IP
 * (shared through Redis); past ADMIN_AUTH_FAILURES.max the IP is refused (429) before its
 * credentials are even looked at, so a correct guess is no longer told apart. Writes coming from
 * another site are refused too: a browser sends basic auth along with any cross-site form.
 */
export function requireAdmin(scope: FastifyInstance, adminToken: string): void {
  const isAdminCredential = createAdminCredentialCheck(adminToken);
  const failures = scope.createRateLimit({ ...ADMIN_AUTH_FAILURES, keyGenerator: (request) => `admin-auth-${request.ip}` });

  scope.addHook("onRequest", async (request, reply) => {
    const standing = await failures(request, { increment: false });
    // isAllowed is true only for allow-listed keys, and none is configured.
    if (!standing.isAllowed && standing.remaining === 0) {
      request.log.warn({ event: "admin.auth.locked_out" }, "admin sign-in refused: too many wrong attempts");
      reply.header("retry-after", String(Math.max(1, standing.ttlInSeconds)));
      return refuse(request, reply, { statusCode: 429, code: "RATE_LIMITED", title: "Slow down, please", message: "Too many wrong sign-in attempts. Please wait a little and try again." });
    }
    const presented = request.headers.authorization;
    if (presented === undefined || !isAdminCredential(presented)) {
      // A request without credentials is a browser's first visit, not a guess: it costs nothing.
      if (presented !== undefined) {
        const after = await failures(request);
        request.log.warn({ event: "admin.auth.refused", attemptsLeft: after.isAllowed ? undefined : after.remaining }, "admin credentials refused");
      }
      reply.header("www-authenticate", ADMIN_CHALLENGE);
      return refuse(request, reply, { statusCode: 401, code: "UNAUTHORIZED", title: "Sign in, please", message: "This page is for the operators of this paperwire." });
    }
    if (!SAFE_METHODS.has(request.method) && isCrossSite(request)) {
      return refuse(request, reply, { statusCode: 403, code: "CROSS_SITE_REFUSED", title: "Not accepted", message: "Changes are accepted only from the admin pages themselves." });
    }
  });
}

// Fetch metadata: every current browser says where a request came from; other clients send none.
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers["sec-fetch-site"];
  return site !== undefined && site !== "same-origin" && site !== "none";
}

function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
  request.log.info({ event: "http.request.refused", code: refusal.code, statusCode: refusal.statusCode }, "request refused");
  if (wantsJson(request)) return sendJson(reply, refusal.statusCode, { error: { code: refusal.code, message: refusal.message, requestId: request.id } });
  return sendPage(reply, refusal.statusCode, renderProblemPage(refusal));
}
