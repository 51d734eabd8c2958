import type { Db } from "../db/client.ts";
import { rankTrending, DEFAULT_HALF_LIFE_DAYS, type Candidate, type RankedPaper } from "./trending.ts";

/** An edition as the send path needs it: the frozen general ranking and its trending days. */
export type EditionRanking = { editionId: number; date: string; trendingDays: string[]; ranked: RankedPaper[] };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Makes sure an edition exists for each date and returns them. A new edition freezes its
 * general ranking from the papers that trended in the window ending at the newest trending day
 * on or before its date — anchored on the data, not the wall clock, so old sample days still
 * make an edition. The unique date makes concurrent creation safe: the loser reads the winner's.
 */
export async function ensureEditions(db: Db, dates: readonly string[], windowDays: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const date of dates) {
    const existing = await db.edition.findUnique({ where: { date: new Date(`${date}T00:00:00Z`) }, select: { id: true } });
    if (existing) {
      ids.set(date, existing.id);
      continue;
    }
    const { trendingDays, ranked } = await computeGeneralRanking(db, date, windowDays);
    const runs = await db.importRun.findMany({ where: { status: "succeeded" }, orderBy: { id: "desc" }, take: 20, select: { id: true } });
    // ON CONFLICT keeps the first writer's frozen list when two planners race on a new date.
    const rows = await db.$queryRaw<{ id: number }[]>`
      INSERT INTO editions (date, trending_days, paper_ids, paper_scores, import_run_ids)
      VALUES (${date}::date, ${trendingDays}::date[], ${ranked.map((r) => r.paperId)}::int[],
              ${ranked.map((r) => r.score)}::float8[], ${runs.map((r) => r.id)}::int[])
      ON CONFLICT (date) DO UPDATE SET date = EXCLUDED.date
      RETURNING id`;
    ids.set(date, rows[0]!.id);
  }
  return ids;
}

/** The general ranking a new edition of this date would freeze (also used by previews, which write nothing). */
export async function computeGeneralRanking(db: Db, date: string, windowDays: number): Promise<{ trendingDays: string[]; ranked: RankedPaper[] }> {
  // paper_trends_day_rank_idx: the newest day on or before the date, then the window's rows.
  const anchorRows = await db.$queryRaw<{ anchor: Date | null }[]>`SELECT max(day) AS anchor FROM paper_trends WHERE day <= ${date}::date`;
  const anchor = anchorRows[0]?.anchor;
  if (!anchor) return { trendingDays: [], ranked: [] };
  const anchorDay = isoDate(anchor);
  const rows = await db.$queryRaw<{ paper_id: number; day: Date; rank: number; upvotes: number | null }[]>`
    SELECT paper_id, day, rank, upvotes FROM paper_trends
    WHERE day <= ${anchorDay}::date AND day > ${anchorDay}::date - ${windowDays}::int`;
  const byPaper = new Map<number, Candidate>();
  const days = new Set<string>();
  for (const row of rows) {
    const day = isoDate(row.day);
    days.add(day);
    const candidate = byPaper.get(row.paper_id) ?? { paperId: row.paper_id, trends: [] };
    (candidate.trends as { day: string; rank: number; upvotes: number | null }[]).push({ day, rank: row.rank, upvotes: row.upvotes });
    byPaper.set(row.paper_id, candidate);
  }
  const ranked = rankTrending([...byPaper.values()], { anchorDay, windowDays, halfLifeDays: DEFAULT_HALF_LIFE_DAYS });
  return { trendingDays: [...days].sort(), ranked };
}

/** The frozen ranking of an edition, by id or by date (null when no edition has that date). */
export async function loadEditionRanking(db: Db, by: { id: number } | { date: string }): Promise<EditionRanking | null> {
  const edition = await db.edition.findUnique({ where: "id" in by ? { id: by.id } : { date: new Date(`${by.date}T00:00:00Z`) } });
  if (!edition) return null;
  const editionId = edition.id;
  return {
    editionId,
    date: isoDate(edition.date),
    trendingDays: edition.trendingDays.map(isoDate),
    ranked: edition.paperIds.map((paperId, i) => ({ paperId, score: edition.paperScores[i] ?? 0 })),
  };
}
