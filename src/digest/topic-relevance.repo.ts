import type { Db } from "../db/client.ts";

/**
 * Full-text relevance of each candidate paper to a reader's topics (any topic may match; a
 * multi-word topic matches as a phrase). Papers that match nothing are absent from the map.
 */
export async function findTopicRelevance(db: Db, topics: readonly string[], paperIds: readonly number[]): Promise<Map<number, number>> {
  if (topics.length === 0 || paperIds.length === 0) return new Map();
  const query = topics.map((t) => `"${t.replace(/["\\]/g, " ")}"`).join(" or ");
  // websearch_to_tsquery never raises on user text; the @@ filter uses papers_search_vector_idx
  // (GIN) and the id list bounds the work to this edition's candidates.
  const rows = await db.$queryRaw<{ id: number; relevance: number }[]>`
    SELECT id, ts_rank_cd(search_vector, q)::float8 AS relevance
    FROM papers, websearch_to_tsquery('english', ${query}) AS q
    WHERE id = ANY(${paperIds}::int[]) AND search_vector @@ q`;
  return new Map(rows.map((r) => [r.id, r.relevance]));
}
