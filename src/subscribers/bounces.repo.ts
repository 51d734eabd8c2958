import type { Db } from "../db/client.ts";
import { hashEmailAddress } from "./email-address.ts";

/**
 * Records permanent delivery failures (a 5xx for the recipient): one suppression event each,
 * the reader's bounce count raised, and readers at `bounceLimit` set to bounced (with a status
 * change) so no later slot plans them. Three statements for any number of readers.
 */
export async function recordHardBounces(
  db: Db,
  bounces: readonly { subscriberId: number; email: string; detail: string }[],
  bounceLimit: number,
): Promise<{ bounced: number[] }> {
  if (bounces.length === 0) return { bounced: [] };
  const ids = bounces.map((b) => b.subscriberId);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO suppression_events (email_hash, subscriber_id, kind, detail)
      SELECT h, id, 'hard_bounce', detail
      FROM unnest(${bounces.map((b) => hashEmailAddress(b.email))}::text[], ${ids}::int[], ${bounces.map((b) => b.detail.slice(0, 500))}::text[])
        AS v(h, id, detail)`;
    // The CTE reads each row's status before the update, so only readers bounced now are reported.
    const bounced = await tx.$queryRaw<{ id: number }[]>`
      WITH before AS (SELECT id, status FROM subscribers WHERE id = ANY(${ids}::int[]) FOR UPDATE)
      UPDATE subscribers s SET bounce_count = s.bounce_count + 1,
             status = CASE WHEN s.bounce_count + 1 >= ${bounceLimit} AND s.status = 'active' THEN 'bounced'::subscriber_status ELSE s.status END,
             updated_at = now()
      FROM before WHERE s.id = before.id
      RETURNING s.id, before.status::text AS was, s.status::text AS now`.then((rows) =>
      (rows as { id: number; was: string; now: string }[]).filter((r) => r.was === "active" && r.now === "bounced"),
    );
    if (bounced.length > 0) {
      await tx.$executeRaw`
        INSERT INTO status_changes (subscriber_id, from_status, to_status, reason)
        SELECT id, 'active', 'bounced', 'hard bounce' FROM unnest(${bounced.map((b) => b.id)}::int[]) AS id`;
    }
    return { bounced: bounced.map((b) => b.id) };
  });
}
