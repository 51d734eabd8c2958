import { createHash } from "node:crypto";
import { selectUnseen, type RankedPaper } from "./trending.ts";

/** What one reader's selection depends on, besides what they already received. */
export type ReaderProfile = { topics: readonly string[]; papersPerEmail: number };

/** A reader's ranked list for their profile: topic-narrowed, or the general list as a fallback. */
export type ProfileRanking = { ranked: readonly RankedPaper[]; topics: readonly string[]; isFallback: boolean };

export type ContentGroupDraft = { contentKey: string; paperIds: number[]; topics: string[]; isFallback: boolean };

export type SkipReason = "nothing_new" | "no_papers";

/** The key of a profile: readers with equal keys share one ranking, computed once. */
export function buildProfileKey(profile: ReaderProfile): string {
  return [...new Set(profile.topics.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort().join("\u0000");
}

/** The topics of a profile key, in a stable order. */
export function topicsOfProfileKey(key: string): string[] {
  return key === "" ? [] : key.split("\u0000");
}

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
    const draft = { paperIds, topics: [...ranking.topics], isFallback: ranking.isFallback };
    const contentKey = createHash("sha256").update(JSON.stringify(draft)).digest("base64url").slice(0, 22);
    if (!groups.has(contentKey)) groups.set(contentKey, { contentKey, ...draft });
    assigned.set(reader.key, contentKey);
  }
  return { groups, assigned, skipped };
}
