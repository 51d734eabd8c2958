import type { Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { SubscriberStatus } from "../generated/prisma/enums.ts";
import { hashEmailAddress } from "./email-address.ts";
import type { Signup } from "./signup-input.ts";

/** Proof of consent (GDPR Art. 7(1)): when, from where, and which wording version was shown. */
export type Consent = { at: Date; ip: string | null; userAgent: string | null; wordingVersion: string };

/** A confirmation email to queue, once the signup's transaction has committed. */
export type ConfirmationRequest = { subscriberId: number; requestedAt: Date };

/** A repeated signup re-sends the confirmation at most this often, so the form can't be used to flood a mailbox. */
export const CONFIRMATION_RESEND_INTERVAL_MS = 5 * 60_000;

// Statuses in which a signup may (re)send a confirmation: a new reader, or one who left and asks
// again. Active readers need none; bounced and complained addresses must not be mailed.
const CONFIRMABLE: SubscriberStatus[] = ["pending", "unsubscribed"];

/**
 * Records a signup and decides whether a confirmation email is due. A new address is inserted
 * as pending with its consent and a status change. A known one only gets a fresh consent record
 * and a confirmation if it is pending or unsubscribed and none was queued in the last few
 * minutes; that check is one compare-and-set UPDATE, so two concurrent signups queue one email.
 * Addresses suppressed after a hard bounce or a complaint are left alone.
 */
export async function recordSignup(db: Db, signup: Signup, consent: Consent): Promise<ConfirmationRequest | undefined> {
  const emailHash = hashEmailAddress(signup.email);
  const blocked = await db.suppressionEvent.findFirst({ where: { emailHash, kind: { in: ["hard_bounce", "complaint"] } }, select: { id: true } });
  if (blocked) return undefined;
  try {
    const created = await db.subscriber.create({
      data: {
        ...signup,
        status: "pending",
        consentAt: consent.at,
        consentIp: consent.ip,
        consentUserAgent: consent.userAgent,
        consentWording: consent.wordingVersion,
        confirmationSentAt: consent.at,
        statusChanges: { create: { fromStatus: null, toStatus: "pending", reason: "signup", at: consent.at } },
      },
      select: { id: true },
    });
    return { subscriberId: created.id, requestedAt: consent.at };
  } catch (error) {
    // The address exists (maybe inserted by a concurrent signup a moment ago): fall through.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const claimed = await db.subscriber.updateManyAndReturn({
    where: {
      email: signup.email,
      status: { in: CONFIRMABLE },
      OR: [{ confirmationSentAt: null }, { confirmationSentAt: { lte: new Date(consent.at.getTime() - CONFIRMATION_RESEND_INTERVAL_MS) } }],
    },
    data: {
      consentAt: consent.at,
      consentIp: consent.ip,
      consentUserAgent: consent.userAgent,
      consentWording: consent.wordingVersion,
      confirmationSentAt: consent.at,
    },
    select: { id: true },
  });
  const [row] = claimed;
  return row ? { subscriberId: row.id, requestedAt: consent.at } : undefined;
}

/**
 * Gives back a claim taken by recordSignup when its job could not be queued, so the reader's
 * next attempt sends at once instead of waiting out the re-send interval.
 */
export async function releaseConfirmationClaim(db: Db, request: ConfirmationRequest): Promise<void> {
  await db.subscriber.updateMany({
    where: { id: request.subscriberId, confirmationSentAt: request.requestedAt },
    data: { confirmationSentAt: null },
  });
}

/** What the confirmation job needs: the address, the status, and which request is the latest. */
export async function findConfirmationRecipient(
  db: Db,
  subscriberId: number,
): Promise<{ email: string; status: SubscriberStatus; confirmationSentAt: Date | null } | undefined> {
  const row = await db.subscriber.findUnique({ where: { id: subscriberId }, select: { email: true, status: true, confirmationSentAt: true } });
  return row ?? undefined;
}
