import type { FastifyInstance } from "fastify";
import { ConflictError } from "../../lib/errors.ts";
import { buildReaderPath } from "../../subscribers/links.ts";
import { findPreferences } from "../../subscribers/preferences.repo.ts";
import { resubscribeSubscriber, unsubscribeSubscriber } from "../../subscribers/status.repo.ts";
import { metrics } from "../../telemetry/metrics.ts";
import type { AppDeps } from "../deps.ts";
import { renderResubscribedPage, renderUnsubscribedPage, renderUnsubscribePage } from "../pages/unsubscribe-page.ts";
import { RATE_LIMITS } from "../rate-limits.ts";
import { buildSubscriptionGoneError, verifyReaderToken } from "../reader-token.ts";
import { requireBodyKind } from "../request-input.ts";
import { sendJson, sendPage, wantsJson } from "../respond.ts";

const ONE_CLICK_BODY_LIMIT = 16 * 1024;

/**
 * GET /unsubscribe only shows a button (link scanners prefetch). POST /unsubscribe is RFC 8058
 * one-click: `List-Unsubscribe=One-Click` as a form, a multipart form or an empty body from the
 * page's button; it unsubscribes at once and answers 200, with no redirect, login or cookie.
 * POST /resubscribe (a preferences token) undoes it for a reader who confirmed before.
 */
export function unsubscribeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { config, db, clock } = deps;

  // RFC 8058 §3.1 allows multipart/form-data; the body carries nothing the unsubscribe needs.
  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer", bodyLimit: ONE_CLICK_BODY_LIMIT }, (_request, _body, done) => done(null, {}));

  app.get("/unsubscribe", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const { subscriberId, token } = verifyReaderToken(request, config, clock, "unsubscribe");
    if (!(await findPreferences(db, subscriberId))) throw buildSubscriptionGoneError();
    return sendPage(reply, 200, renderUnsubscribePage(`/unsubscribe?token=${token}`));
  });

  app.post(
    "/unsubscribe",
    { bodyLimit: ONE_CLICK_BODY_LIMIT, preValidation: async (request) => requireBodyKind(request, ["form", "multipart", "json", "empty"]) },
    async (request, reply) => {
      const { subscriberId } = verifyReaderToken(request, config, clock, "unsubscribe");
      const isOneClick = (request.body as Record<string, unknown> | undefined)?.["List-Unsubscribe"] === "One-Click";
      const outcome = await unsubscribeSubscriber(db, subscriberId, clock.now(), isOneClick ? "one-click" : "unsubscribe-page");
      if (outcome.kind === "not-found") throw buildSubscriptionGoneError();
      request.log.info({ event: "subscriber.unsubscribed", subscriberId, isOneClick, isNew: outcome.kind === "changed" }, "unsubscribed");
      // Mailbox providers may repeat a one-click POST; only the first one unsubscribes.
      if (outcome.kind === "changed") metrics.unsubscribes.inc({ via: isOneClick ? "one-click" : "page" });
      if (wantsJson(request)) return sendJson(reply, 200, { status: "unsubscribed" });
      // Offer the way back only to readers who confirmed once; others must sign up again.
      const view = await findPreferences(db, subscriberId);
      return sendPage(
        reply,
        200,
        renderUnsubscribedPage({ canResubscribe: view?.hasConfirmed === true, resubscribePath: buildReaderPath(config, "resubscribe", subscriberId, clock) }),
      );
    },
  );

  app.post(
    "/resubscribe",
    { config: { rateLimit: RATE_LIMITS.pages }, preValidation: async (request) => requireBodyKind(request, ["form", "json", "empty"]) },
    async (request, reply) => {
      const { subscriberId } = verifyReaderToken(request, config, clock, "preferences");
      const outcome = await resubscribeSubscriber(db, subscriberId, clock.now());
      if (outcome.kind === "not-found") throw buildSubscriptionGoneError();
      if (outcome.kind === "unchanged" && outcome.status !== "active") {
        throw new ConflictError("This subscription can't be resumed from here. Please sign up again.", { detail: `resubscribe refused in status ${outcome.status}` });
      }
      request.log.info({ event: "subscriber.resubscribed", subscriberId, isNew: outcome.kind === "changed" }, "resubscribed");
      if (wantsJson(request)) return sendJson(reply, 200, { status: "active" });
      return sendPage(reply, 200, renderResubscribedPage({ preferencesPath: buildReaderPath(config, "preferences", subscriberId, clock) }));
    },
  );
}
