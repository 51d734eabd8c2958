import type { Db } from "../db/client.ts";
import type { PaperCard } from "../mail/digest-content.ts";
import { loadEditionRanking, type EditionRanking } from "./edition.repo.ts";
import { loadPaperCards, loadPaperDays } from "./paper-cards.repo.ts";
import { findTopicRelevance } from "./topic-relevance.repo.ts";
import { rankForTopics } from "./trending.ts";
import { NO_GAINERS, topicsOfProfileKey, type ProfileRanking } from "./assign-content.ts";
import { Memo } from "./content-cache.ts";
import type { EditionVotes } from "./momentum.ts";
import { findNewestSnapshotTime, loadEditionVotes } from "./vote-snapshots.repo.ts";

/** Everything about an edition that every batch of it needs, loaded once per process. */
export type EditionContext = EditionRanking & {
  cards: Map<number, PaperCard>;
  /** When the oldest candidate arrived: deliveries before it cannot hold any candidate. */
  since: Date;
  /** The edition's trending days each candidate trended on. */
  paperDays: Map<number, string[]>;
};

export type EditionContexts = {
  edition(editionId: number): Promise<EditionContext>;
  /** The ranking for a profile: topic-narrowed, or the general list when the topics match nothing. */
  profile(editionId: number, profileKey: string): Promise<ProfileRanking>;
  /** The vote snapshots of the edition's candidates, up to the newest stored: reloaded once an import adds one. */
  votes(editionId: number): Promise<EditionVotes>;
};

export function createEditionContexts(db: Db): EditionContexts {
  const editions = new Memo<EditionContext>(64);
  // A process sees only the profiles of its own batches (batches are cut by profile), each for
  // one or two batches: a few thousand rankings are plenty and keep memory bounded.
  const profiles = new Memo<ProfileRanking>(5_000);
  // Keyed by the newest snapshot's time too: a long-lived worker must see the votes of later
  // imports, while batches between two imports share one load.
  const votes = new Memo<EditionVotes>(16);
  const edition = (editionId: number) =>
    editions.get(String(editionId), async () => {
      const ranking = await loadEditionRanking(db, { id: editionId });
      if (!ranking) throw new Error(`edition ${editionId} does not exist`);
      return buildEditionContext(db, ranking);
    });
  return {
    edition,
    profile: (editionId, profileKey) =>
      profiles.get(`${editionId}|${profileKey}`, async () => computeProfileRanking(db, await edition(editionId), profileKey)),
    votes: async (editionId) => {
      const newest = await findNewestSnapshotTime(db);
      return votes.get(`${editionId}|${newest?.toISOString() ?? "none"}`, async () =>
        loadEditionVotes(db, (await edition(editionId)).ranked.map((r) => r.paperId), newest));
    },
  };
}

/** Loads the cards and the arrival bound of an edition's candidates. */
export async function buildEditionContext(db: Db, ranking: EditionRanking): Promise<EditionContext> {
  const ids = ranking.ranked.map((r) => r.paperId);
  const cards = await loadPaperCards(db, ids, ranking.trendingDays);
  const oldest = await db.paper.aggregate({ where: { id: { in: ids } }, _min: { createdAt: true } });
  return { ...ranking, cards, since: oldest._min.createdAt ?? new Date(0), paperDays: await loadPaperDays(db, ids, ranking.trendingDays) };
}

/** A profile's ranking: topic-narrowed, or the general list when the topics match nothing. */
export async function computeProfileRanking(db: Db, context: EditionContext, profileKey: string): Promise<ProfileRanking> {
  const topics = topicsOfProfileKey(profileKey);
  if (topics.length === 0) return { ranked: context.ranked, topics, isFallback: false, gainers: NO_GAINERS };
  const relevance = await findTopicRelevance(db, topics, context.ranked.map((r) => r.paperId));
  const ranked = rankForTopics(context.ranked, relevance);
  return { ranked: ranked.length > 0 ? ranked : context.ranked, topics, isFallback: ranked.length === 0, gainers: NO_GAINERS };
}
