import type pg from "pg";

export type LedgerStats = {
  batches: number;
  batchSeconds: { p50: number; p99: number; max: number };
  batchAttempts: number;
  deliveries: number;
  byStatus: Record<string, number>;
  deliveryAttempts: number;
  contentGroups: number;
};

/** What the ledger says about a slot: batch durations (claimed_at → done_at) and outcomes. */
export async function loadLedgerStats(pool: pg.Pool, slotKey: string): Promise<LedgerStats> {
  const slot = (await pool.query<{ id: number }>("SELECT id FROM send_slots WHERE key = $1", [slotKey])).rows[0];
  if (!slot) throw new Error(`slot ${slotKey} missing`);
  const batches = (await pool.query<{ n: string; p50: number; p99: number; max: number; attempts: string }>(
    `SELECT count(*) AS n, sum(attempts) AS attempts,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - claimed_at))::float8 AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - claimed_at))::float8 AS p99,
            max(extract(epoch FROM done_at - claimed_at))::float8 AS max
     FROM send_batches WHERE slot_id = $1`, [slot.id],
  )).rows[0]!;
  const statuses = (await pool.query<{ status: string; n: string; attempts: string }>(
    `SELECT d.status::text AS status, count(*) AS n, sum(d.attempts) AS attempts
     FROM deliveries d JOIN send_batches b ON b.id = d.batch_id WHERE b.slot_id = $1 GROUP BY 1`, [slot.id],
  )).rows;
  const groups = (await pool.query<{ n: string }>("SELECT count(*) AS n FROM content_groups")).rows[0]!;
  return {
    batches: Number(batches.n),
    batchSeconds: { p50: batches.p50, p99: batches.p99, max: batches.max },
    batchAttempts: Number(batches.attempts),
    deliveries: statuses.reduce((sum, s) => sum + Number(s.n), 0),
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
    deliveryAttempts: statuses.reduce((sum, s) => sum + Number(s.attempts), 0),
    contentGroups: Number(groups.n),
  };
}

export type TableWrites = { byTable: Record<string, { inserted: number; updated: number; hotUpdated: number }>; walBytes: number; walLsn: string };

/**
 * Rows inserted and updated per table (pg_stat_user_tables) and WAL written, since `before`
 * when given. Backends report their counts when their transactions end and flush them at exit.
 */
export async function loadTableWrites(pool: pg.Pool, before?: TableWrites): Promise<TableWrites> {
  const rows = (await pool.query<{ relname: string; ins: string; upd: string; hot: string }>(
    "SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables",
  )).rows;
  const walLsn = (await pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
  const byTable: TableWrites["byTable"] = {};
  for (const r of rows) {
    const b = before?.byTable[r.relname];
    const entry = { inserted: Number(r.ins) - (b?.inserted ?? 0), updated: Number(r.upd) - (b?.updated ?? 0), hotUpdated: Number(r.hot) - (b?.hotUpdated ?? 0) };
    if (!before || entry.inserted > 0 || entry.updated > 0) byTable[r.relname] = entry;
  }
  let walBytes = 0;
  if (before) {
    walBytes = Number((await pool.query<{ d: string }>("SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn) AS d", [walLsn, before.walLsn])).rows[0]!.d);
  }
  return { byTable, walBytes, walLsn };
}
