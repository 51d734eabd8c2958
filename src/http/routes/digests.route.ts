import type { FastifyInstance } from "fastify";
import { loadDigestView } from "../../digest/digest-view.repo.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { loadDigestTemplates } from "../../mail/digest-templates.io.ts";
import { createDigestRenderer } from "../../mail/digest-renderer.ts";
import type { AppDeps } from "../deps.ts";
import { RATE_LIMITS } from "../rate-limits.ts";

// The email's own HTML: inline styles are its layout, and it runs no script.
const DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** GET /digests/:id: "view in browser" for a digest, the same content as the email. */
export async function digestsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const renderer = createDigestRenderer(await loadDigestTemplates());
  app.get<{ Params: { id: string } }>("/digests/:id", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const html = await loadDigestView(deps.db, request.params.id, { config: deps.config, renderer });
    if (!html) throw new NotFoundError("This digest does not exist.");
    // A content group never changes once written, and it holds no personal data.
    return reply
      .header("content-type", "text/html; charset=utf-8")
      .header("content-security-policy", DIGEST_CSP)
      .header("cache-control", "public, max-age=86400, immutable")
      .send(html);
  });
}
