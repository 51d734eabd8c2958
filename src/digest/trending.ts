/** One day a paper trended: its 1-based rank that day and its upvotes when the source gives them. */
export type TrendPoint = { day: string; rank: number; upvotes: number | null };

export type Candidate = { paperId: number; trends: readonly TrendPoint[] };

export type RankedPaper = { paperId: number; score: number };

export type TrendingOptions = {
  /** The newest trending day considered (YYYY-MM-DD); ages are counted from it, not from the wall clock. */
  anchorDay: string;
  /** Days before the anchor still considered (the anchor day counts as one). */
  windowDays: number;
  /** Age in days at which a day's signal has halved. */
  halfLifeDays: number;
};

export const DEFAULT_HALF_LIFE_DAYS = 2;

const DAY_MS = 86_400_000;

/**
 * Ranks candidates by their trending signal (formula in docs/trending.md):
 *   day signal   = (1/√rank + votes/maxVotesThatDay) / 2, or 1/√rank alone when votes are unknown
 *   paper score  = Σ over its days in the window of day signal · 0.5^(age / half-life)
 * Ties break on the best single rank, then on the paper id, so the order is stable.
 */
export function rankTrending(candidates: readonly Candidate[], options: TrendingOptions): RankedPaper[] {
  const anchor = Date.parse(`${options.anchorDay}T00:00:00Z`);
  const oldest = anchor - (options.windowDays - 1) * DAY_MS;
  const maxVotes = new Map<string, number>();
  for (const c of candidates) {
    for (const t of c.trends) {
      if (t.upvotes !== null) maxVotes.set(t.day, Math.max(maxVotes.get(t.day) ?? 0, t.upvotes));
    }
  }
  const scored: (RankedPaper & { bestRank: number })[] = [];
  for (const c of candidates) {
    let score = 0;
    let bestRank = Infinity;
    for (const t of c.trends) {
      const day = Date.parse(`${t.day}T00:00:00Z`);
      if (day > anchor || day < oldest || t.rank < 1) continue;
      const rankSignal = 1 / Math.sqrt(t.rank);
      const top = maxVotes.get(t.day) ?? 0;
      const daySignal = t.upvotes !== null && top > 0 ? (rankSignal + t.upvotes / top) / 2 : rankSignal;
      score += daySignal * 0.5 ** ((anchor - day) / DAY_MS / options.halfLifeDays);
      bestRank = Math.min(bestRank, t.rank);
    }
    if (score > 0) scored.push({ paperId: c.paperId, score, bestRank });
  }
  scored.sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || a.paperId - b.paperId);
  return scored.map(({ paperId, score }) => ({ paperId, score }));
}

/** How much topic relevance can lift a paper over the trending order (see docs/trending.md). */
export const RELEVANCE_WEIGHT = 1;

/**
 * Narrows a trending list to a reader's topics. `relevance` holds Postgres full-text ranks of the
 * papers that matched; papers absent from it did not match and drop out. Score becomes
 * trending · (1 + RELEVANCE_WEIGHT · relevance / max relevance). An empty result means the
 * topics matched nothing: the caller falls back to the general list and says so.
 */
export function rankForTopics(trending: readonly RankedPaper[], relevance: ReadonlyMap<number, number>): RankedPaper[] {
  let top = 0;
  for (const r of relevance.values()) top = Math.max(top, r);
  if (top <= 0) return [];
  const order = new Map(trending.map((p, i) => [p.paperId, i]));
  return trending
    .filter((p) => (relevance.get(p.paperId) ?? 0) > 0)
    .map((p) => ({ paperId: p.paperId, score: p.score * (1 + (RELEVANCE_WEIGHT * relevance.get(p.paperId)!) / top) }))
    .sort((a, b) => b.score - a.score || order.get(a.paperId)! - order.get(b.paperId)!);
}

/** The first `limit` papers of a ranked list that the reader has not received before. */
export function selectUnseen(ranked: readonly RankedPaper[], received: ReadonlySet<number>, limit: number): number[] {
  const picked: number[] = [];
  for (const p of ranked) {
    if (picked.length >= limit) break;
    if (!received.has(p.paperId)) picked.push(p.paperId);
  }
  return picked;
}
