import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { buildReaderPath } from "../../subscribers/links.ts";
import { mergePreferences, preferencesInputSchema } from "../../subscribers/preferences-input.ts";
import { findPreferences, recordPreferences, type PreferencesView } from "../../subscribers/preferences.repo.ts";
import type { AppDeps } from "../deps.ts";
import { renderPreferencesPage } from "../pages/preferences-page.ts";
import { RATE_LIMITS } from "../rate-limits.ts";
import { buildSubscriptionGoneError, verifyReaderToken } from "../reader-token.ts";
import { parseInput, requireBodyKind } from "../request-input.ts";
import { sendJson, sendPage, wantsJson } from "../respond.ts";
import { DateTime } from "luxon";
import { findDeliveryHistory } from "../../digest/delivery-history.repo.ts";

const HISTORY_DAYS = 14;

/** GET /preferences shows every setting; POST /preferences saves them and shows the result at once. */
export function preferencesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { config, db, clock } = deps;

  app.get("/preferences", { config: { rateLimit: RATE_LIMITS.pages } }, async (request, reply) => {
    const { subscriberId, token } = verifyReaderToken(request, config, clock, "preferences");
    const view = await findPreferences(db, subscriberId);
    if (!view) throw buildSubscriptionGoneError();
    return show(deps, request, reply, { subscriberId, token, view, isSaved: false });
  });

  app.post(
    "/preferences",
    { config: { rateLimit: RATE_LIMITS.pages }, preValidation: async (request) => requireBodyKind(request, ["form", "json"]) },
    async (request, reply) => {
      const { subscriberId, token } = verifyReaderToken(request, config, clock, "preferences");
      const input = parseInput(preferencesInputSchema, request.body);
      const current = await findPreferences(db, subscriberId);
      if (!current) throw buildSubscriptionGoneError();
      const saved = await recordPreferences(db, subscriberId, mergePreferences(current.preferences, input));
      if (!saved) throw buildSubscriptionGoneError();
      request.log.info({ event: "subscriber.preferences.saved", subscriberId }, "preferences saved");
      return show(deps, request, reply, { subscriberId, token, view: saved, isSaved: true });
    },
  );
}

async function show(
  { config, clock, db }: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  state: { subscriberId: number; token: string; view: PreferencesView; isSaved: boolean },
): Promise<FastifyReply> {
  const today = DateTime.fromJSDate(clock.now()).setZone(state.view.preferences.timezone).toISODate()!;
  const history = await findDeliveryHistory(db, state.subscriberId, HISTORY_DAYS, today);
  if (wantsJson(request)) return sendJson(reply, 200, { status: state.view.status, preferences: state.view.preferences, history });
  return sendPage(
    reply,
    200,
    renderPreferencesPage({
      view: state.view,
      isSaved: state.isSaved,
      history,
      actionPath: `/preferences?token=${state.token}`,
      unsubscribePath: buildReaderPath(config, "unsubscribe", state.subscriberId, clock),
      resubscribePath: buildReaderPath(config, "resubscribe", state.subscriberId, clock),
    }),
  );
}
