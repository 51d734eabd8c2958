import type { Db } from "../db/client.ts";

export type SourceFreshness = {
  source: string;
  lastSuccessAt: Date | null;
  lastRun: { status: string; startedAt: Date; target: string; error: string | null } | null;
};

/** Per source: its last successful import and its last run of any outcome (import_runs_source_started_at_idx). */
export async function findSourceFreshness(db: Db): Promise<SourceFreshness[]> {
  const rows = await db.$queryRaw<{ source: string; last_success_at: Date | null; status: string | null; started_at: Date | null; target: string | null; error: string | null }[]>`
    SELECT s.source::text AS source,
           (SELECT max(finished_at) FROM import_runs r WHERE r.source = s.source AND r.status = 'succeeded') AS last_success_at,
           l.status::text AS status, l.started_at, l.target, l.error
    FROM (SELECT DISTINCT source FROM import_runs) s
    LEFT JOIN LATERAL (SELECT status, started_at, target, error FROM import_runs r WHERE r.source = s.source ORDER BY started_at DESC LIMIT 1) l ON true
    ORDER BY 1`;
  return rows.map((r) => ({
    source: r.source,
    lastSuccessAt: r.last_success_at,
    lastRun: r.status && r.started_at ? { status: r.status, startedAt: r.started_at, target: r.target ?? "", error: r.error } : null,
  }));
}

/** The newest trending day in the store, the anchor of the next edition. */
export async function findNewestTrendingDay(db: Db): Promise<string | null> {
  const rows = await db.$queryRaw<{ day: Date | null }[]>`SELECT max(day) AS day FROM paper_trends`;
  return rows[0]?.day ? rows[0].day.toISOString().slice(0, 10) : null;
}
