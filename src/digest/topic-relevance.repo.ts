import type { Db } from "../db/client.ts";

/**
 * Full-text relevance of each candidate paper to a reader's topics (any topic may match; a
 * multi-word topic matches as a phrase). Papers that match nothing are absent from the map.
 */
export async function findTopicRelevance(db: Db, topics: readonly string[], paperIds: readonly number[]): Promise<Map<number, number>> {
  if (topics.length === 0 || paperIds.length === 0) return new Map();
  const query = topics.map((t) => `"${t.replace(/["\\]/g, " ")}"`).join(" or ");
  // websearch_to_tsquery never raises on user text. The candidates (a few hundred, from the
  // trending window) are fetched first through papers_pkey and only they are matched: left to
  // itself the planner reads a phrase or common word through papers_search_vector_idx over every
  // paper, because phrase selectivity is badly underestimated (35,000 rows estimated as 219:
  // 1.2 s instead of 3 ms over a million papers; docs/benchmarks.md).
  const rows = await db.$queryRaw<{ id: number; relevance: number }[]>`
    WITH candidate AS MATERIALIZED (SELECT id, search_vector FROM papers WHERE id = ANY(${paperIds}::int[]))
    SELECT c.id, ts_rank_cd(c.search_vector, q)::float8 AS relevance
    FROM candidate c, websearch_to_tsquery('english', ${query}) AS q
    WHERE c.search_vector @@ q`;
  return new Map(rows.map((r) => [r.id, r.relevance]));
}
