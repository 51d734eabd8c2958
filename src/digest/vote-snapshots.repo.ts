import type { Db } from "../db/client.ts";
import type { EditionVotes, VotePoint } from "./momentum.ts";

/** When the newest vote snapshot was taken; null before any Hugging Face import (vote_snapshots_taken_at_idx). */
export async function findNewestSnapshotTime(db: Db): Promise<Date | null> {
  const newest = await db.voteSnapshot.aggregate({ _max: { takenAt: true } });
  return newest._max.takenAt;
}

/**
 * Every vote snapshot of these papers taken at or before `upTo`, in one query
 * (vote_snapshots_paper_id_taken_at_idx). Bounded by `upTo` so that what was loaded matches the
 * newest time it is remembered under, even when an import commits meanwhile.
 */
export async function loadEditionVotes(db: Db, paperIds: readonly number[], upTo: Date | null): Promise<EditionVotes> {
  if (paperIds.length === 0 || upTo === null) return { series: new Map(), times: [] };
  const rows = await db.voteSnapshot.findMany({
    where: { paperId: { in: [...paperIds] }, takenAt: { lte: upTo } },
    select: { paperId: true, takenAt: true, upvotes: true },
    orderBy: [{ paperId: "asc" }, { takenAt: "asc" }, { importRunId: "asc" }],
  });
  const series = new Map<number, VotePoint[]>();
  const times = new Set<number>();
  for (const row of rows) {
    const takenAt = row.takenAt.getTime();
    const points = series.get(row.paperId) ?? [];
    points.push({ takenAt, upvotes: row.upvotes });
    series.set(row.paperId, points);
    times.add(takenAt);
  }
  return { series, times: [...times].sort((a, b) => a - b) };
}
