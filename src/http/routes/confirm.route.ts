import type { FastifyInstance } from "fastify";
import { ConflictError } from "../../lib/errors.ts";
import { buildReaderPath } from "../../subscribers/links.ts";
import { findPreferences } from "../../subscribers/preferences.repo.ts";
import { confirmSubscriber } from "../../subscribers/status.repo.ts";
import { metrics } from "../../telemetry/metrics.ts";
import type { AppDeps } from "../deps.ts";
import { renderConfirmedPage, renderConfirmPage } from "../pages/confirm-page.ts";
import { RATE_LIMITS } from "../rate-limits.ts";
import { buildSubscriptionGoneError, verifyReaderToken } from "../reader-token.ts";
import { readOrigin, requireBodyKind } from "../request-input.ts";
import { sendJson, sendPage, wantsJson } from "../respond.ts";

/** GET /confirm shows the button; only POST /confirm activates (mail scanners follow links with GET). */
export function confirmRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { config, db, clock } = deps;

  app.get("/confirm", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const { subscriberId, token } = verifyReaderToken(request, config, clock, "confirm");
    if (!(await findPreferences(db, subscriberId))) throw buildSubscriptionGoneError();
    return sendPage(reply, 200, renderConfirmPage(`/confirm?token=${token}`));
  });

  app.post(
    "/confirm",
    { config: { rateLimit: RATE_LIMITS.pages }, preValidation: async (request) => requireBodyKind(request, ["form", "json", "multipart", "empty"]) },
    async (request, reply) => {
      const { subscriberId } = verifyReaderToken(request, config, clock, "confirm");
      const outcome = await confirmSubscriber(db, subscriberId, { at: clock.now(), ...readOrigin(request) });
      if (outcome.kind === "not-found") throw buildSubscriptionGoneError();
      // Confirming twice is fine (a double click, a second tab); bounced and complained are final.
      if (outcome.kind === "unchanged" && outcome.status !== "active") {
        throw new ConflictError("This address can't be subscribed at the moment.", { detail: `confirm refused in status ${outcome.status}` });
      }
      request.log.info({ event: "subscriber.confirmed", subscriberId, isNew: outcome.kind === "changed" }, "subscription confirmed");
      // A second click confirms nothing new.
      if (outcome.kind === "changed") metrics.confirmations.inc();
      const view = await findPreferences(db, subscriberId);
      if (!view) throw buildSubscriptionGoneError();
      if (wantsJson(request)) return sendJson(reply, 200, { status: "active" });
      return sendPage(reply, 200, renderConfirmedPage({ preferences: view.preferences, preferencesPath: buildReaderPath(config, "preferences", subscriberId, clock) }));
    },
  );
}
