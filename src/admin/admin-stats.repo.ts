import type { Db } from "../db/client.ts";
import type { SubscriberStatus } from "../generated/prisma/enums.ts";
import type { DayActivity } from "./daily-activity.ts";

const STATUSES: readonly SubscriberStatus[] = ["pending", "active", "unsubscribed", "bounced", "complained"];

/** How many subscribers are in each status right now; every status is present, zero or not. */
export async function loadSubscriberCounts(db: Db): Promise<Record<SubscriberStatus, number>> {
  const rows = await db.subscriber.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<SubscriberStatus, number>;
  for (const row of rows) counts[row.status] = row._count._all;
  return counts;
}

/**
 * Signups, unsubscribes and sent digests per UTC day since `since`, one row per day that had
 * any. Signups are the `signup` status changes, so readers erased or purged unconfirmed since
 * then are not counted (their rows cascade away).
 */
export async function loadDailyActivity(db: Db, since: Date): Promise<Partial<DayActivity>[]> {
  const [changes, sends] = await Promise.all([
    // Prisma cannot group by a computed day. Uses status_changes_at_idx.
    db.$queryRaw<{ day: string; signups: bigint; unsubscribes: bigint }[]>`
      SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE to_status = 'pending' AND reason = 'signup') AS signups,
             count(*) FILTER (WHERE to_status = 'unsubscribed') AS unsubscribes
      FROM status_changes
      WHERE at >= ${since}
      GROUP BY 1`,
    // Same reason. The rows are found through deliveries_created_at_idx: an index on sent_at would
    // make the send path's outcome update non-HOT (migration 20261124120000). A delivery is created
    // when its slot is planned and sent within hours (retries back off at most five minutes), so a
    // week before `since` bounds every send since `since`.
    db.$queryRaw<{ day: string; sends: bigint }[]>`
      SELECT to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS sends
      FROM deliveries
      WHERE created_at >= ${since}::timestamptz - interval '7 days' AND sent_at >= ${since}
      GROUP BY 1`,
  ]);
  return [
    ...changes.map((row) => ({ day: row.day, signups: Number(row.signups), unsubscribes: Number(row.unsubscribes) })),
    ...sends.map((row) => ({ day: row.day, sends: Number(row.sends) })),
  ];
}
