import type { ProfileRanking, RankingChoice, RankingMode } from "./assign-content.ts";
import type { RankedPaper } from "./trending.ts";

/** A paper's upvotes as one import run saw them; `takenAt` in ms. */
export type VotePoint = { takenAt: number; upvotes: number };

/** The vote snapshots of an edition's candidates, as one load saw them. */
export type EditionVotes = {
  /** Each candidate's snapshots, oldest first; papers without any are absent. */
  series: ReadonlyMap<number, readonly VotePoint[]>;
  /** Every distinct snapshot time among them, ascending: the possible since-points. */
  times: readonly number[];
};

/**
 * Where a reader's momentum counts from: the newest snapshot time at or before their last email.
 * Every reader whose last email fell between the same two snapshots gets the same point, and
 * their gains are exactly what counting from the email itself would give (no snapshot lies in
 * between), so they share one ranking. Null: every snapshot came after that email.
 */
export function findSincePoint(times: readonly number[], lastEmailAt: number): number | null {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! <= lastEmailAt) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? null : times[low - 1]!;
}

/**
 * How a reader's list is ordered: momentum needs a momentum reader who has had an email (a first
 * email has no "since your last email"); everyone else gets the trending order.
 */
export function chooseRanking(mode: RankingMode, lastEmailAt: Date | null, votes: EditionVotes | null): RankingChoice {
  if (mode === "trending" || lastEmailAt === null || votes === null) return { mode: "trending" };
  return { mode: "momentum", since: findSincePoint(votes.times, lastEmailAt.getTime()) };
}

/**
 * Votes each candidate gained since `since`: its newest snapshot minus its newest snapshot at or
 * before `since`. A paper with no snapshot that old first showed up after it, so all its votes
 * count (from 0). A paper with no snapshot at all gained nothing we know of and is left out.
 */
export function computeVoteGains(votes: EditionVotes, since: number | null): Map<number, number> {
  const gains = new Map<number, number>();
  for (const [paperId, points] of votes.series) {
    const latest = points.at(-1);
    if (!latest) continue;
    let base = 0;
    if (since !== null) {
      for (const point of points) {
        if (point.takenAt > since) break;
        base = point.upvotes;
      }
    }
    gains.set(paperId, latest.upvotes - base);
  }
  return gains;
}

/**
 * Reorders a ranked list by momentum: papers that gained votes first, most gained first, ties in
 * the list's own order; then every other paper (no gain, lost votes, or no votes known) in the
 * list's own order. The result holds exactly the list's papers, so it is empty only when the list
 * is. A paper's score becomes the votes it gained (0 for the rest).
 */
export function rankByMomentum(ranked: readonly RankedPaper[], gains: ReadonlyMap<number, number>): RankedPaper[] {
  const gainers: { paperId: number; score: number; position: number }[] = [];
  const rest: RankedPaper[] = [];
  ranked.forEach((p, position) => {
    const gain = gains.get(p.paperId) ?? 0;
    if (gain > 0) gainers.push({ paperId: p.paperId, score: gain, position });
    else rest.push({ paperId: p.paperId, score: 0 });
  });
  gainers.sort((a, b) => b.score - a.score || a.position - b.position);
  return [...gainers.map(({ paperId, score }) => ({ paperId, score })), ...rest];
}

/** A profile's ranking in the order a reader's choice asks for (chooseRanking picks momentum only with votes). */
export function orderRanking(ranking: ProfileRanking, choice: RankingChoice, votes: EditionVotes | null): ProfileRanking {
  return choice.mode === "momentum" && votes !== null ? applyMomentum(ranking, votes, choice.since) : ranking;
}

/** A profile's ranking (topic-narrowed or the fallback list) reordered by votes gained since `since`. */
export function applyMomentum(ranking: ProfileRanking, votes: EditionVotes, since: number | null): ProfileRanking {
  const ranked = rankByMomentum(ranking.ranked, computeVoteGains(votes, since));
  const gainers = new Set(ranked.filter((p) => p.score > 0).map((p) => p.paperId));
  return { ...ranking, ranked, gainers };
}
