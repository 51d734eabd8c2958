import type pg from "pg";

type Explained = { title: string; plan: string; indexes: string[]; ms: number };

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the statements selection runs, with the parameters the product
 * passes: the anchor day and trending window (src/digest/edition.repo.ts) and one profile's
 * topic relevance (src/digest/topic-relevance.repo.ts; the text here must follow that file) for
 * the commonest and rarest sample word, a phrase, three topics and a word no paper has.
 */
export async function explainSelection(
  pool: pg.Pool,
  input: { anchorDay: string; windowDays: number; profiles: string[][]; editionId: number; abstracts: string[]; slowest: string[] },
): Promise<string> {
  const explained: Explained[] = [];
  const explain = async (title: string, sql: string, params: unknown[]) => {
    const rows = (await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((r) => r["QUERY PLAN"]);
    // The candidate list is hundreds of ids: show its length, not its contents.
    const plan = rows.join("\n").replace(/'\{[\d,]{80,}\}'/g, (ids) => `'{…${ids.split(",").length} ids}'`);
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    explained.push({ title, plan, indexes: [...new Set([...plan.matchAll(/(?:using|Index Scan on) (\w+)/gi)].map((m) => m[1]!))], ms });
  };
  await explain("anchor day (edition.repo.ts)", "SELECT max(day) AS anchor FROM paper_trends WHERE day <= $1::date", [input.anchorDay]);
  await explain("trending window (edition.repo.ts)", "SELECT paper_id, day, rank, upvotes FROM paper_trends WHERE day <= $1::date AND day > $1::date - $2::int", [input.anchorDay, input.windowDays]);

  const candidates = (await pool.query<{ ids: number[] }>("SELECT paper_ids AS ids FROM editions WHERE id = $1", [input.editionId])).rows[0]!.ids;
  const lower = input.abstracts.map((a) => a.toLowerCase());
  const df = (word: string) => lower.filter((a) => a.includes(word)).length;
  const singles = input.profiles.filter((p) => p.length === 1 && !p[0]!.includes(" ") && !p[0]!.startsWith("unmatched"));
  const byDf = singles.map((p) => ({ p, df: df(p[0]!) })).sort((a, b) => b.df - a.df);
  const picks: [string, string[] | undefined][] = [
    ["commonest word", byDf[0]?.p],
    ["rarest word", byDf.at(-1)?.p],
    ["a phrase", input.profiles.find((p) => p.length === 1 && p[0]!.includes(" "))],
    ["three topics", input.profiles.find((p) => p.length === 3)],
    ["no paper has it", input.profiles.find((p) => p[0]?.startsWith("unmatched"))],
    ["the slowest in the timed pass", input.slowest],
  ];
  for (const [label, topics] of picks) {
    if (!topics) continue;
    const query = topics.map((t) => `"${t.replace(/["\\]/g, " ")}"`).join(" or ");
    await explain(`topic relevance, ${label}: ${JSON.stringify(topics)} (topic-relevance.repo.ts)`,
      `WITH candidate AS MATERIALIZED (SELECT id, search_vector FROM papers WHERE id = ANY($2::int[]))
       SELECT c.id, ts_rank_cd(c.search_vector, q)::float8 AS relevance
       FROM candidate c, websearch_to_tsquery('english', $1) AS q
       WHERE c.search_vector @@ q`, [query, candidates]);
  }
  return [
    `Query plans (${candidates.length} candidates):`,
    ...explained.flatMap((e) => [`-- ${e.title}: ${e.ms.toFixed(2)} ms, indexes: ${e.indexes.join(", ") || "none"}`, e.plan.replace(/^/gm, "   "), ""]),
  ].join("\n");
}
