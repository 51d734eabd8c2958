import type { Db } from "../db/client.ts";

/** A delivery of a claimed batch, with what the send path needs of its reader. */
export type BatchDelivery = {
  deliveryId: bigint;
  editionId: number;
  subscriberId: number;
  email: string;
  status: "pending" | "active" | "unsubscribed" | "bounced" | "complained";
  topics: string[];
  papersPerEmail: number;
  format: "html" | "text";
  pausedUntil: Date | null;
  missedDays: "skip" | "catch_up";
  ranking: "trending" | "momentum";
};

/**
 * Claims a batch for this attempt; null when it is already done. Rows a crashed attempt left in
 * `sending` go back to `queued`: whether the SMTP server took them is unknown, and we choose to
 * resend (at most one wave per crash, with the same Message-ID) over losing them.
 */
export async function claimBatch(db: Db, batchId: number): Promise<{ slotId: number; recovered: number } | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ slot_id: number }[]>`
      UPDATE send_batches SET status = 'sending', attempts = attempts + 1, claimed_at = now()
      WHERE id = ${batchId} AND status <> 'done' RETURNING slot_id`;
    if (rows.length === 0) return null;
    const recovered = await tx.$executeRaw`
      UPDATE deliveries SET status = 'queued' WHERE batch_id = ${batchId} AND status = 'sending'`;
    return { slotId: rows[0]!.slot_id, recovered };
  });
}

/** The batch's deliveries still to send, with their readers: one query (deliveries_batch_id_idx). */
export async function loadQueuedDeliveries(db: Db, batchId: number): Promise<BatchDelivery[]> {
  return db.$queryRaw<BatchDelivery[]>`
    SELECT d.id AS "deliveryId", d.edition_id AS "editionId", d.subscriber_id AS "subscriberId", s.email,
           s.status::text AS status, s.topics, s.papers_per_email AS "papersPerEmail", s.format::text AS format,
           s.paused_until AS "pausedUntil", s.missed_days::text AS "missedDays",
           s.ranking::text AS ranking
    FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
    WHERE d.batch_id = ${batchId} AND d.status = 'queued'
    ORDER BY d.id`;
}

/**
 * What a reader already got: the papers, the newest trending day of their emails, and when the
 * last of those emails went out.
 */
export type ReaderHistory = { received: Set<number>; lastAnchorDay: string | null; lastEmailAt: Date | null };

/**
 * Papers each reader already received while any of the candidates existed, for "never the same
 * paper twice", the newest trending day their emails drew from, for "nothing new today", and
 * their last email's time, for momentum. `since` is the oldest candidate's arrival: nothing
 * before it can repeat one, and every vote on a candidate came after it.
 */
export async function findReaderHistories(db: Db, subscriberIds: readonly number[], since: Date): Promise<Map<number, ReaderHistory>> {
  // deliveries_subscriber_id_created_at_idx bounds the scan to these readers' recent rows.
  // A delivery left in `sending` (its outcome unknown) counts as sent, from when it was handed over.
  const rows = await db.$queryRaw<{ subscriber_id: number; paper_ids: number[]; anchor: Date | null; at: Date }[]>`
    SELECT d.subscriber_id, cg.paper_ids, (SELECT max(t) FROM unnest(e.trending_days) AS t) AS anchor,
           coalesce(d.sent_at, d.sending_at, d.created_at) AS at
    FROM deliveries d JOIN content_groups cg ON cg.id = d.content_group_id JOIN editions e ON e.id = d.edition_id
    WHERE d.subscriber_id = ANY(${subscriberIds}::int[]) AND d.created_at >= ${since} AND d.status IN ('sent', 'sending')`;
  const histories = new Map<number, ReaderHistory>();
  for (const row of rows) {
    const history = histories.get(row.subscriber_id) ?? { received: new Set<number>(), lastAnchorDay: null, lastEmailAt: null };
    for (const id of row.paper_ids) history.received.add(id);
    if (history.lastEmailAt === null || row.at > history.lastEmailAt) history.lastEmailAt = row.at;
    const anchor = row.anchor ? row.anchor.toISOString().slice(0, 10) : null;
    if (anchor && (history.lastAnchorDay === null || anchor > history.lastAnchorDay)) history.lastAnchorDay = anchor;
    histories.set(row.subscriber_id, history);
  }
  return histories;
}

/** Content groups of an edition by key, created on first sight; one statement for the batch. */
export async function upsertContentGroups(
  db: Db,
  editionId: number,
  groups: readonly { contentKey: string; paperIds: number[]; topics: string[]; isFallback: boolean; ranking: "trending" | "momentum" }[],
): Promise<Map<string, number>> {
  if (groups.length === 0) return new Map();
  // Rows are locked in content-key order, the same in every batch: two batches upserting shared
  // groups in different orders deadlock (40P01), which the bench hit with batches cut in id order.
  const ordered = [...groups].sort((a, b) => (a.contentKey < b.contentKey ? -1 : a.contentKey > b.contentKey ? 1 : 0));
  // Arrays of arrays don't pass through unnest cleanly; JSON carries the per-group lists.
  const rows = await db.$queryRaw<{ id: number; content_key: string }[]>`
    INSERT INTO content_groups (edition_id, content_key, paper_ids, topics, is_fallback, ranking)
    SELECT ${editionId}::int, g->>'contentKey',
           ARRAY(SELECT jsonb_array_elements_text(g->'paperIds')::int),
           ARRAY(SELECT jsonb_array_elements_text(g->'topics')),
           (g->>'isFallback')::boolean, (g->>'ranking')::ranking_mode
    FROM jsonb_array_elements(${JSON.stringify(ordered)}::jsonb) WITH ORDINALITY AS t(g, ord)
    ORDER BY t.ord
    ON CONFLICT (edition_id, content_key) DO UPDATE SET content_key = EXCLUDED.content_key
    RETURNING id, content_key`;
  return new Map(rows.map((r) => [r.content_key, r.id]));
}

/** Marks deliveries skipped with their reason (paused, nothing new, unsubscribed since planning…). */
export async function recordSkips(db: Db, skips: readonly { deliveryId: bigint; reason: string }[]): Promise<void> {
  if (skips.length === 0) return;
  await db.$executeRaw`
    UPDATE deliveries d SET status = 'skipped', skip_reason = v.reason
    FROM unnest(${skips.map((s) => s.deliveryId.toString())}::bigint[], ${skips.map((s) => s.reason)}::text[]) AS v(id, reason)
    WHERE d.id = v.id AND d.status = 'queued'`;
}

/**
 * Claims one wave for sending (compare-and-set from `queued`): only the returned ids may be
 * sent. Sets content group and Message-ID, which stay the same if the wave is ever resent.
 */
export async function claimWave(
  db: Db,
  wave: readonly { deliveryId: bigint; contentGroupId: number; messageId: string }[],
): Promise<Set<bigint>> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    UPDATE deliveries d SET status = 'sending', sending_at = now(), attempts = d.attempts + 1,
           content_group_id = v.cg, message_id = v.mid
    FROM unnest(${wave.map((w) => w.deliveryId.toString())}::bigint[], ${wave.map((w) => w.contentGroupId)}::int[],
                ${wave.map((w) => w.messageId)}::text[]) AS v(id, cg, mid)
    WHERE d.id = v.id AND d.status = 'queued'
    RETURNING d.id`;
  return new Set(rows.map((r) => r.id));
}

export type Outcome =
  | { deliveryId: bigint; kind: "sent"; response: string }
  | { deliveryId: bigint; kind: "temporary" | "permanent"; error: string };

/**
 * Records a wave's outcomes in one statement: sent; permanent failures end as failed; temporary
 * ones go back to queued with their error, for the job's retry.
 */
export async function recordOutcomes(db: Db, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const status = outcomes.map((o) => (o.kind === "sent" ? "sent" : o.kind === "permanent" ? "failed" : "queued"));
  await db.$executeRaw`
    UPDATE deliveries d SET status = v.status::delivery_status,
           sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE d.sent_at END,
           smtp_response = CASE WHEN v.status = 'sent' THEN v.info ELSE d.smtp_response END,
           last_error = CASE WHEN v.status = 'sent' THEN d.last_error ELSE v.info END
    FROM unnest(${outcomes.map((o) => o.deliveryId.toString())}::bigint[], ${status}::text[],
                ${outcomes.map((o) => (o.kind === "sent" ? o.response : o.error).slice(0, 500))}::text[]) AS v(id, status, info)
    WHERE d.id = v.id AND d.status = 'sending'`;
}

/** Marks a batch done, and its slot when no batch of it is left. */
export async function completeBatch(db: Db, batchId: number, slotId: number): Promise<void> {
  await db.$transaction([
    db.$executeRaw`UPDATE send_batches SET status = 'done', done_at = now() WHERE id = ${batchId}`,
    db.$executeRaw`
      UPDATE send_slots SET status = 'done', done_at = now()
      WHERE id = ${slotId} AND status = 'planned'
        AND NOT EXISTS (SELECT 1 FROM send_batches WHERE slot_id = ${slotId} AND status <> 'done')`,
  ]);
}
