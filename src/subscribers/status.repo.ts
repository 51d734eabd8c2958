import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { SubscriberStatus } from "../generated/prisma/enums.ts";
import { hashEmailAddress } from "./email-address.ts";

/** What a status change did: `changed` from a status, `unchanged` (already there, or not allowed from here), or `not-found`. */
export type StatusOutcome =
  | { kind: "changed"; from: SubscriberStatus }
  | { kind: "unchanged"; status: SubscriberStatus }
  | { kind: "not-found" };

/** Where and how a reader acted, for the consent record. */
export type RequestOrigin = { at: Date; ip: string | null; userAgent: string | null };

type Transition = { from: SubscriberStatus[]; to: SubscriberStatus; reason: string; at: Date };
type Locked = { status: SubscriberStatus; email: string; confirmed_at: Date | null };

/**
 * pending (or unsubscribed after signing up again) → active: the double opt-in. Keeps when,
 * from where and with which browser the reader confirmed.
 */
export function confirmSubscriber(db: Db, subscriberId: number, origin: RequestOrigin): Promise<StatusOutcome> {
  return changeStatus(db, subscriberId, { from: ["pending", "unsubscribed"], to: "active", reason: "confirmed", at: origin.at }, async (tx) => {
    await tx.subscriber.update({
      where: { id: subscriberId },
      data: { confirmedAt: origin.at, confirmIp: origin.ip, confirmUserAgent: origin.userAgent },
    });
  });
}

/**
 * active or pending → unsubscribed, at once, with a suppression event keyed by the address hash.
 * `reason` tells a one-click POST from the page's button.
 */
export function unsubscribeSubscriber(db: Db, subscriberId: number, at: Date, reason: "one-click" | "unsubscribe-page"): Promise<StatusOutcome> {
  return changeStatus(db, subscriberId, { from: ["active", "pending"], to: "unsubscribed", reason, at }, async (tx, locked) => {
    await tx.suppressionEvent.create({
      data: { emailHash: hashEmailAddress(locked.email), subscriberId, kind: "unsubscribe", detail: reason, at },
    });
  });
}

/**
 * unsubscribed → active for a reader who confirmed once before; someone who never confirmed must
 * sign up again (double opt-in is not skipped).
 */
export function resubscribeSubscriber(db: Db, subscriberId: number, at: Date): Promise<StatusOutcome> {
  return changeStatus(db, subscriberId, { from: ["unsubscribed"], to: "active", reason: "resubscribed", at }, undefined, (locked) => locked.confirmed_at !== null);
}

// One transaction: lock the row, check the current status, write the new one and its
// status_changes row together, so the audit trail can never miss or invent a change.
async function changeStatus(
  db: Db,
  subscriberId: number,
  transition: Transition,
  alongside?: (tx: Prisma.TransactionClient, locked: Locked) => Promise<void>,
  isAllowed: (locked: Locked) => boolean = () => true,
): Promise<StatusOutcome> {
  return db.$transaction(async (tx) => {
    // Prisma has no SELECT … FOR UPDATE; the row lock (primary key lookup) serialises concurrent
    // changes of one reader, e.g. a one-click POST racing the page's button.
    const [locked] = await tx.$queryRaw<Locked[]>`
      SELECT status::text AS status, email, confirmed_at FROM subscribers WHERE id = ${subscriberId} FOR UPDATE`;
    if (!locked) return { kind: "not-found" };
    if (!transition.from.includes(locked.status) || !isAllowed(locked)) return { kind: "unchanged", status: locked.status };
    await tx.subscriber.update({ where: { id: subscriberId }, data: { status: transition.to } });
    await tx.statusChange.create({
      data: { subscriberId, fromStatus: locked.status, toStatus: transition.to, reason: transition.reason, at: transition.at },
    });
    await alongside?.(tx, locked);
    return { kind: "changed", from: locked.status };
  });
}
