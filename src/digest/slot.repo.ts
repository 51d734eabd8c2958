import type { Db } from "../db/client.ts";
import type { DueZone } from "./due-hours.ts";

export type Slot = { id: number; key: string; status: "planning" | "planned" | "done"; isManual: boolean };

/** The slot of this key, created on first sight. */
export async function upsertSlot(db: Db, key: string, startsAt: Date, isManual: boolean): Promise<Slot> {
  const rows = await db.$queryRaw<Slot[]>`
    INSERT INTO send_slots (key, starts_at, is_manual) VALUES (${key}, ${startsAt}, ${isManual})
    ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
    RETURNING id, key, status::text AS status, is_manual AS "isManual"`;
  return rows[0]!;
}

/** Time zones that have at least one active reader: the planner computes due hours for each. */
export async function findActiveTimezones(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ timezone: string }[]>`SELECT DISTINCT timezone FROM subscribers WHERE status = 'active'`;
  return rows.map((r) => r.timezone);
}

/** Who is due in a slot: readers of each zone whose send hour falls now, with their local date. */
export type DueSelection =
  | { kind: "zones"; zones: readonly DueZone[] }
  | { kind: "everyone"; localDate: string };

/** The distinct local dates of the due readers, so each edition exists before the ledger rows. */
export function dueDates(selection: DueSelection): string[] {
  return selection.kind === "everyone" ? [selection.localDate] : [...new Set(selection.zones.map((z) => z.localDate))];
}

/**
 * Writes the slot's ledger in one statement: orders the due readers by topic profile, cuts them
 * into batches of about `batchSize`, inserts the batches and one queued delivery per reader and
 * edition. Readers who share a profile share a batch, so each content group is rendered by one
 * batch (one process) instead of by every batch that holds one of its readers
 * (docs/benchmarks.md).
 * A reader who already has a delivery of that edition (another slot, a re-run) gets none:
 * the unique (edition, reader) key makes it a no-op. Runs inside the caller's transaction, with
 * the slot row locked, so a slot is planned once.
 */
export async function insertSlotLedger(
  tx: Db,
  slotId: number,
  selection: DueSelection,
  editionIds: ReadonlyMap<string, number>,
  batchSize: number,
): Promise<{ planned: number; batches: number }> {
  const zones = selection.kind === "zones" ? selection.zones : [];
  const flat = zones.flatMap((z) => z.sendHours.map((h) => ({ ...z, hour: h })));
  const dates = [...editionIds.keys()];
  const ids = dates.map((d) => editionIds.get(d)!);
  // One statement, one snapshot: due readers (status_id index + the zone list), numbered by
  // profile (topics as buildProfileKey normalises them, then papers per email and ranking mode,
  // then id; momentum readers' since-points are known only when the batch runs), batches
  // inserted and joined back, deliveries inserted. The order only decides who shares a batch.
  const rows = await tx.$queryRaw<{ planned: bigint; batches: bigint }[]>`
    WITH zone AS (
      SELECT * FROM unnest(${flat.map((z) => z.timezone)}::text[], ${flat.map((z) => z.hour)}::int[],
                           ${flat.map((z) => z.localDate)}::date[], ${flat.map((z) => z.isoWeekday)}::int[])
        AS z(timezone, hour, local_date, weekday)
    ),
    hour_reached AS (
      -- Everyone whose hour it is, with why they get nothing today where that is known now: the
      -- ledger keeps it for "why no email today" (skip_reason; no batch, nothing to send).
      SELECT s.id, z.local_date, s.topics, s.papers_per_email, s.ranking,
             CASE WHEN s.status = 'bounced' THEN 'bounced'
                  WHEN s.frequency = 'weekly' AND s.weekly_day IS DISTINCT FROM z.weekday THEN 'not_weekly_day' END AS skip_reason
      FROM subscribers s
      JOIN zone z ON z.timezone = s.timezone AND z.hour = s.send_hour
      WHERE ${selection.kind === "zones"} AND s.status IN ('active', 'bounced')
    ),
    due AS (
      SELECT id, local_date, topics, papers_per_email, ranking FROM hour_reached WHERE skip_reason IS NULL
      UNION ALL
      SELECT s.id, ${selection.kind === "everyone" ? selection.localDate : null}::date, s.topics, s.papers_per_email, s.ranking FROM subscribers s
      WHERE ${selection.kind === "everyone"} AND s.status = 'active'
    ),
    edition AS (
      SELECT * FROM unnest(${dates}::date[], ${ids}::int[]) AS e(date, id)
    ),
    fresh AS (
      SELECT due.id AS subscriber_id, edition.id AS edition_id, due.papers_per_email, due.ranking,
             ARRAY(SELECT DISTINCT lower(btrim(t)) FROM unnest(due.topics) AS t WHERE btrim(t) <> '' ORDER BY 1) AS profile
      FROM due JOIN edition ON edition.date = due.local_date
      WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.edition_id = edition.id AND d.subscriber_id = due.id)
    ),
    ranked AS (
      SELECT subscriber_id, edition_id,
             row_number() OVER (ORDER BY edition_id, profile, papers_per_email, ranking, subscriber_id) - 1 AS pos,
             row_number() OVER (PARTITION BY edition_id, profile, papers_per_email, ranking ORDER BY subscriber_id) - 1 AS pos_in_profile
      FROM fresh
    ),
    placed AS (
      -- A profile goes whole to the batch where it starts (in chunks of batchSize when larger),
      -- so no content group straddles two batches; a batch holds fewer than 2 × batchSize.
      SELECT subscriber_id, edition_id,
             (pos - pos_in_profile + (pos_in_profile / ${batchSize}::int) * ${batchSize}::int) / ${batchSize}::int AS place
      FROM ranked
    ),
    numbered AS (
      SELECT subscriber_id, edition_id, dense_rank() OVER (ORDER BY place) - 1 AS seq FROM placed
    ),
    batch AS (
      INSERT INTO send_batches (slot_id, seq, size)
      SELECT ${slotId}::int, seq, count(*) FROM numbered GROUP BY seq
      RETURNING id, seq
    ),
    batch_ids AS (SELECT array_agg(id ORDER BY seq) AS ids FROM batch),
    inserted AS (
      -- Batches are numbered 0, 1, 2… so a delivery's batch id is found by position, in one
      -- step per row. A join on seq was planned as a nested loop over the batch CTE (readers ×
      -- batches comparisons: 2 of the 7 s of planning 100,000 readers).
      INSERT INTO deliveries (edition_id, subscriber_id, batch_id)
      SELECT n.edition_id, n.subscriber_id, (SELECT ids FROM batch_ids)[n.seq + 1] FROM numbered n
      ON CONFLICT (edition_id, subscriber_id) DO NOTHING
      RETURNING 1
    ),
    not_due AS (
      INSERT INTO deliveries (edition_id, subscriber_id, status, skip_reason)
      SELECT edition.id, h.id, 'skipped', h.skip_reason FROM hour_reached h JOIN edition ON edition.date = h.local_date
      WHERE h.skip_reason IS NOT NULL
      ON CONFLICT (edition_id, subscriber_id) DO NOTHING
    )
    SELECT (SELECT count(*) FROM inserted) AS planned, (SELECT count(*) FROM batch) AS batches`;
  const planned = Number(rows[0]!.planned);
  const batches = Number(rows[0]!.batches);
  await tx.$executeRaw`
    UPDATE send_slots SET planned_count = ${planned}, batch_count = ${batches}, planned_at = now(),
           status = CASE WHEN ${batches}::int = 0 THEN 'done'::slot_status ELSE 'planned'::slot_status END,
           done_at = CASE WHEN ${batches}::int = 0 THEN now() END
    WHERE id = ${slotId}`;
  return { planned, batches };
}

/** Locks the slot row for the planning transaction and returns its current status. */
export async function lockSlot(tx: Db, slotId: number): Promise<Slot["status"]> {
  const rows = await tx.$queryRaw<{ status: Slot["status"] }[]>`SELECT status::text AS status FROM send_slots WHERE id = ${slotId} FOR UPDATE`;
  return rows[0]!.status;
}

/** Batches of the slot not yet done: enqueued again after a crash between commit and enqueue. */
export async function findUnfinishedBatchIds(db: Db, slotId: number): Promise<number[]> {
  const rows = await db.sendBatch.findMany({ where: { slotId, status: { not: "done" } }, select: { id: true }, orderBy: { seq: "asc" } });
  return rows.map((r) => r.id);
}

/** The newest scheduled (not manual) slot, for catching up missed hours on start. */
export async function findLastScheduledSlotStart(db: Db): Promise<Date | null> {
  const row = await db.sendSlot.findFirst({ where: { isManual: false }, orderBy: { startsAt: "desc" }, select: { startsAt: true } });
  return row?.startsAt ?? null;
}

/** Unfinished batches of slots planned since `since`: what the hourly sweep makes sure is queued. */
export async function findUnfinishedBatchIdsSince(db: Db, since: Date): Promise<number[]> {
  const rows = await db.sendBatch.findMany({
    where: { status: { not: "done" }, slot: { status: "planned", plannedAt: { gte: since } } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

export type SlotSummary = { status: Slot["status"] | "missing"; planned: number; batches: number; batchesDone: number; byStatus: Record<string, number>; skipReasons: Record<string, number> };

/** Where a slot stands: its deliveries by status and skip reason, and its batches done. */
export async function summarizeSlot(db: Db, key: string): Promise<SlotSummary> {
  const slot = await db.sendSlot.findUnique({ where: { key } });
  if (!slot) return { status: "missing", planned: 0, batches: 0, batchesDone: 0, byStatus: {}, skipReasons: {} };
  const rows = await db.$queryRaw<{ status: string; skip_reason: string | null; n: bigint }[]>`
    SELECT d.status::text AS status, d.skip_reason, count(*) AS n
    FROM deliveries d JOIN send_batches b ON b.id = d.batch_id
    WHERE b.slot_id = ${slot.id} GROUP BY 1, 2`;
  const byStatus: Record<string, number> = {};
  const skipReasons: Record<string, number> = {};
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
    if (r.skip_reason) skipReasons[r.skip_reason] = (skipReasons[r.skip_reason] ?? 0) + Number(r.n);
  }
  const batchesDone = await db.sendBatch.count({ where: { slotId: slot.id, status: "done" } });
  return { status: slot.status, planned: slot.plannedCount, batches: slot.batchCount, batchesDone, byStatus, skipReasons };
}

/** The newest slots, for `digest status`. */
export async function findRecentSlotKeys(db: Db, limit: number): Promise<string[]> {
  const rows = await db.sendSlot.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: { key: true } });
  return rows.map((r) => r.key);
}
