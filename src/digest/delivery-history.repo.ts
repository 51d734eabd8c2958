import type { Db } from "../db/client.ts";
import { buildDigestPublicId } from "./prepare-content.ts";

/** One day of a reader's history: sent (with the browser view of that email) or skipped and why. */
export type HistoryDay = { date: string; status: "sent" | "skipped" | "failed" | "pending"; skipReason: string | null; digestPublicId: string | null };

/**
 * The reader's ledger over the last `days` edition dates, newest first; days with no row at all
 * (not due, or before they subscribed) are absent. One query on deliveries_subscriber_id_created_at_idx.
 */
export async function findDeliveryHistory(db: Db, subscriberId: number, days: number, today: string): Promise<HistoryDay[]> {
  const rows = await db.$queryRaw<{ date: Date; status: string; skip_reason: string | null; group_id: number | null; content_key: string | null }[]>`
    SELECT e.date, d.status::text AS status, d.skip_reason, cg.id AS group_id, cg.content_key
    FROM deliveries d
    JOIN editions e ON e.id = d.edition_id
    LEFT JOIN content_groups cg ON cg.id = d.content_group_id
    WHERE d.subscriber_id = ${subscriberId} AND e.date > ${today}::date - ${days}::int AND e.date <= ${today}::date
    ORDER BY e.date DESC`;
  return rows.map((r) => ({
    date: r.date.toISOString().slice(0, 10),
    status: r.status === "sent" || r.status === "skipped" || r.status === "failed" ? r.status : "pending",
    skipReason: r.skip_reason,
    digestPublicId: r.status === "sent" && r.group_id !== null && r.content_key ? buildDigestPublicId({ id: r.group_id, contentKey: r.content_key }) : null,
  }));
}
