import { UnrecoverableError } from "bullmq";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { classifySmtpFailure, describeSmtpFailure } from "../mail/smtp-failure.ts";
import type { Mailer } from "../mail/transport.io.ts";
import { sendConfirmationPayloadSchema } from "../queue/jobs.ts";
import type { Logger } from "../telemetry/logger.ts";
import { CONFIRMATION_SUBJECT, renderConfirmationEmail } from "./confirmation-email.io.ts";
import { buildReaderUrl } from "./links.ts";
import { findConfirmationRecipient } from "./signup.repo.ts";

/** What the worker entry point hands the handler. */
export type SendConfirmationDeps = {
  db: Db;
  config: AppConfig;
  log: Logger;
  clock: Clock;
  mailer: Pick<Mailer, "submit">;
};

/**
 * Handles a `send-confirmation` job: mails the double opt-in link to a reader who signed up.
 * Skips (and succeeds) when the reader is gone, no longer needs confirming, or a newer request
 * superseded this one. A 5xx from the relay is permanent (UnrecoverableError); any other failure
 * is thrown for BullMQ to retry with backoff.
 */
export async function handleSendConfirmation(payload: unknown, deps: SendConfirmationDeps): Promise<void> {
  const parsed = sendConfirmationPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new UnrecoverableError(`send-confirmation payload is invalid: ${parsed.error.message}`);
  const { subscriberId, requestedAt } = parsed.data;
  const log = deps.log.child({ subscriberId });
  const recipient = await findConfirmationRecipient(deps.db, subscriberId);
  const skipReason = buildSkipReason(recipient, requestedAt);
  if (!recipient || skipReason) {
    log.info({ event: "subscriber.confirmation.skipped", reason: skipReason }, "confirmation not sent");
    return;
  }
  const confirmUrl = buildReaderUrl(deps.config, "confirm", subscriberId, deps.clock);
  const body = await renderConfirmationEmail({ confirmUrl, ttlHours: deps.config.confirmTokenTtlHours, postalAddress: deps.config.postalAddress });
  try {
    await deps.mailer.submit({
      from: deps.config.mailFrom,
      to: recipient.email,
      subject: CONFIRMATION_SUBJECT,
      html: body.html,
      text: body.text,
      // Stable across retries, so a message the relay took before a crash is recognisably the same.
      messageId: `<confirmation-${subscriberId}-${Date.parse(requestedAt)}@${buildMessageIdDomain(deps.config.mailFrom)}>`,
      // RFC 3834: keeps vacation responders from answering a machine-sent email.
      headers: { "Auto-Submitted": "auto-generated" },
    });
  } catch (error) {
    const detail = describeSmtpFailure(error);
    if (classifySmtpFailure(error) === "permanent") {
      log.warn({ event: "subscriber.confirmation.refused", detail }, "relay refused the confirmation for good");
      throw new UnrecoverableError(`confirmation refused by the relay: ${detail}`);
    }
    log.warn({ event: "subscriber.confirmation.deferred", detail }, "confirmation failed; BullMQ retries it");
    throw new Error(`confirmation not submitted: ${detail}`, { cause: error });
  }
  log.info({ event: "subscriber.confirmation.submitted" }, "confirmation submitted");
}

// Why this job should not mail, if it should not. A newer signup claimed a newer request (and
// queued its own job), so this older one stands down rather than send a second email.
function buildSkipReason(recipient: Awaited<ReturnType<typeof findConfirmationRecipient>>, requestedAt: string): string | undefined {
  if (!recipient) return "subscriber-gone";
  if (recipient.status !== "pending" && recipient.status !== "unsubscribed") return `status-${recipient.status}`;
  if (recipient.confirmationSentAt?.getTime() !== Date.parse(requestedAt)) return "superseded";
  return undefined;
}

// The domain of the From address, so Message-IDs align with the sending domain.
function buildMessageIdDomain(mailFrom: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? "paperwire.localhost";
}
