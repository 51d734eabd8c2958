import { createHash } from "node:crypto";
import { selectUnseen, type RankedPaper } from "./trending.ts";

/** The order a reader chose for their list (the subscribers.ranking column). */
export type RankingMode = "trending" | "momentum";

/**
 * How one reader's list is ordered in this edition: the trending order, or momentum counted from
 * `since` (a vote snapshot time in ms, see momentum.ts; null: from before every snapshot).
 */
export type RankingChoice = { mode: "trending" } | { mode: "momentum"; since: number | null };

/** What one reader's selection depends on, besides what they already received. Without `ranking`: trending. */
export type ReaderProfile = { topics: readonly string[]; papersPerEmail: number; ranking?: RankingChoice };

/**
 * A reader's ranked list for their profile: topic-narrowed, or the general list as a fallback.
 * `gainers` are the papers a momentum order put first for their vote gain (empty otherwise).
 */
export type ProfileRanking = { ranked: readonly RankedPaper[]; topics: readonly string[]; isFallback: boolean; gainers: ReadonlySet<number> };

export type ContentGroupDraft = { contentKey: string; paperIds: number[]; topics: string[]; isFallback: boolean; ranking: RankingMode };

export type SkipReason = "nothing_new" | "no_papers";

/**
 * The key of a profile: readers with equal keys share one ranking, computed once. Momentum
 * readers add their since-point, so two of them share a ranking only when they count votes from
 * the same snapshot.
 */
export function buildProfileKey(profile: ReaderProfile): string {
  const topicKey = [...new Set(profile.topics.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort().join("\u0000");
  const ranking = profile.ranking;
  if (ranking === undefined || ranking.mode === "trending") return topicKey;
  return `${topicKey}\u0001momentum\u0001${ranking.since === null ? "start" : new Date(ranking.since).toISOString()}`;
}

/** The topics of a profile key, in a stable order. */
export function topicsOfProfileKey(key: string): string[] {
  const topicKey = key.split("\u0001")[0]!;
  return topicKey === "" ? [] : topicKey.split("\u0000");
}

/** No paper ordered by momentum: every trending ranking. */
export const NO_GAINERS: ReadonlySet<number> = new Set();

type AssignableReader = {
  key: string;
  profileKey: string;
  papersPerEmail: number;
  received: ReadonlySet<number>;
  /** Trending days this reader's email may draw from (missed-days.ts); null: any day of the window. */
  eligibleDays: ReadonlySet<string> | null;
};

/**
 * Picks each reader's papers (their profile's ranking, narrowed to the days they may get,
 * minus what they received, up to their limit) and groups readers whose emails would be
 * identical, so each group renders once. A reader with nothing new gets a skip reason instead
 * of an empty email. `paperDays` gives the trending days of each candidate.
 */
export function assignContent<R extends AssignableReader>(
  readers: readonly R[],
  rankings: ReadonlyMap<string, ProfileRanking>,
  hasAnyPapers: boolean,
  paperDays: ReadonlyMap<number, readonly string[]>,
): { groups: Map<string, ContentGroupDraft>; assigned: Map<string, string>; skipped: Map<string, SkipReason> } {
  const groups = new Map<string, ContentGroupDraft>();
  const assigned = new Map<string, string>();
  const skipped = new Map<string, SkipReason>();
  // Readers of one profile mostly share their eligible days: narrow each ranking once per pair.
  const narrowed = new Map<string, readonly RankedPaper[]>();
  const narrow = (profileKey: string, ranked: readonly RankedPaper[], days: ReadonlySet<string> | null) => {
    if (days === null) return ranked;
    const key = `${profileKey}|${[...days].sort().join(",")}`;
    let list = narrowed.get(key);
    if (!list) {
      list = ranked.filter((p) => paperDays.get(p.paperId)?.some((d) => days.has(d)));
      narrowed.set(key, list);
    }
    return list;
  };
  for (const reader of readers) {
    if (!hasAnyPapers) {
      skipped.set(reader.key, "no_papers");
      continue;
    }
    const ranking = rankings.get(reader.profileKey);
    if (!ranking) throw new Error(`no ranking for profile ${JSON.stringify(reader.profileKey)}`);
    const paperIds = selectUnseen(narrow(reader.profileKey, ranking.ranked, reader.eligibleDays), reader.received, reader.papersPerEmail);
    if (paperIds.length === 0) {
      skipped.set(reader.key, "nothing_new");
      continue;
    }
    // The email says "ranked by momentum" only when the order it shows came from vote gains.
    const mode: RankingMode = paperIds.some((id) => ranking.gainers.has(id)) ? "momentum" : "trending";
    const draft = { paperIds, topics: [...ranking.topics], isFallback: ranking.isFallback, ranking: mode };
    const contentKey = createHash("sha256").update(JSON.stringify(draft)).digest("base64url").slice(0, 22);
    if (!groups.has(contentKey)) groups.set(contentKey, { contentKey, ...draft });
    assigned.set(reader.key, contentKey);
  }
  return { groups, assigned, skipped };
}
