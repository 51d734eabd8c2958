import type { FastifyInstance } from "fastify";
import { AppError } from "../../lib/errors.ts";
import { buildSendConfirmationJobId, JOBS, type SendConfirmationPayload } from "../../queue/jobs.ts";
import { CURRENT_CONSENT } from "../../subscribers/consent.ts";
import { buildSignup, isHoneypotFilled, signupInputSchema } from "../../subscribers/signup-input.ts";
import { recordSignup, releaseConfirmationClaim, type ConfirmationRequest } from "../../subscribers/signup.repo.ts";
import { metrics } from "../../telemetry/metrics.ts";
import type { AppDeps } from "../deps.ts";
import { html } from "../pages/html.ts";
import { renderMessagePage } from "../pages/message-page.ts";
import { renderSignupPage } from "../pages/signup-page.ts";
import { createAddressRateLimit, RATE_LIMITS } from "../rate-limits.ts";
import { parseInput, readOrigin, requireBodyKind } from "../request-input.ts";
import { sendJson, sendPage, wantsJson } from "../respond.ts";

// The one answer to every accepted signup, whoever the address belongs to: new, pending, active,
// unsubscribed or suppressed readers all see exactly this, so the form reveals nobody.
const ACCEPTED_MESSAGE = "Check your inbox: if this address can receive paperwire, we've sent it a link to confirm your subscription.";

/** GET / (the signup page) and POST /subscribe (form or JSON). */
export function signupRoutes(app: FastifyInstance, deps: AppDeps): void {
  const limitAddress = createAddressRateLimit(app, deps.config.appSecret);

  app.get("/", { config: { rateLimit: RATE_LIMITS.pages } }, (_request, reply) => sendPage(reply, 200, renderSignupPage()));

  app.post(
    "/subscribe",
    { config: { rateLimit: RATE_LIMITS.signupPerIp }, preValidation: async (request) => requireBodyKind(request, ["form", "json"]) },
    async (request, reply) => {
      const input = parseInput(signupInputSchema, request.body);
      if (isHoneypotFilled(input)) {
        request.log.info({ event: "signup.honeypot.filled" }, "honeypot filled; nothing recorded");
      } else {
        await limitAddress(request, input.email);
        const origin = readOrigin(request);
        const confirmation = await recordSignup(deps.db, buildSignup(input), { at: deps.clock.now(), ...origin, wordingVersion: CURRENT_CONSENT.version });
        // Queued only now that the signup is committed, so the job always finds its row.
        if (confirmation) await enqueueConfirmation(deps, confirmation);
        metrics.signups.inc();
        request.log.info({ event: "signup.recorded", subscriberId: confirmation?.subscriberId, isConfirmationQueued: confirmation !== undefined }, "signup handled");
      }
      if (wantsJson(request)) return sendJson(reply, 200, { status: "ok", message: ACCEPTED_MESSAGE });
      return sendPage(reply, 200, renderMessagePage({ title: "Almost done", body: html`<p class="notice ok" role="status">${ACCEPTED_MESSAGE}</p>
<p>Press the button in that email to start receiving paperwire. Nothing arrives until you do. No email within a few minutes? Look in your spam folder.</p>` }));
    },
  );
}

async function enqueueConfirmation(deps: AppDeps, confirmation: ConfirmationRequest): Promise<void> {
  const payload: SendConfirmationPayload = { subscriberId: confirmation.subscriberId, requestedAt: confirmation.requestedAt.toISOString() };
  try {
    await deps.queues.transactional.add(JOBS.sendConfirmation, payload, { jobId: buildSendConfirmationJobId(confirmation.subscriberId, confirmation.requestedAt) });
  } catch (error) {
    // Without the job no email goes out; hand the claim back so the reader's retry sends at once.
    await releaseConfirmationClaim(deps.db, confirmation);
    throw new AppError("SERVICE_UNAVAILABLE", "We couldn't send your confirmation email just now. Please try again in a minute.", { cause: error, detail: "send-confirmation job not queued" });
  }
}
