import type { Db } from "../db/client.ts";

/**
 * Deletes signups that were never confirmed and whose latest signup is older than
 * `olderThanDays` (PENDING_PURGE_DAYS): data kept without consent must not linger. Their status
 * changes go with them (ON DELETE CASCADE). Returns how many were deleted. Safe to run at any
 * time and from several processes; the scheduler calls it daily.
 */
export async function purgePendingSubscribers(db: Db, options: { olderThanDays: number; now: Date }): Promise<number> {
  const cutoff = new Date(options.now.getTime() - options.olderThanDays * 86_400_000);
  // consent_at is refreshed by every repeated signup, so a reader who just asked again keeps
  // their row for the full period; confirmed_at IS NULL spares readers who confirmed once and
  // signed up again after leaving.
  const { count } = await db.subscriber.deleteMany({ where: { status: "pending", confirmedAt: null, consentAt: { lt: cutoff } } });
  return count;
}
