import type pg from "pg";

export type SelectionData = { papers: number; trendRows: number; anchorDay: string; candidates: number; seconds: number };

const TRENDING_PER_DAY = 50;
const TREND_DAYS = 1_000;

/**
 * `count` papers written from the sample abstracts' sentences (titles from the sample titles),
 * in set-based chunks over two connections, with the full-text index built once at the end
 * (as a restore would): a million papers take a few minutes. Then trend rows as Hugging Face
 * Daily Papers has them: 50 papers a day for 1,000 days, a third of them again the next day, so
 * about 5% of papers ever trended and a few hundred are in any 7-day window.
 */
export async function generateSelectionData(pool: pg.Pool, input: { count: number; titles: string[]; sentences: string[]; anchorDay: string; log: (m: string) => void }): Promise<SelectionData> {
  const started = performance.now();
  await pool.query("CREATE TABLE bench_sentences (id int PRIMARY KEY, sentence text NOT NULL)");
  await pool.query("CREATE TABLE bench_titles (id int PRIMARY KEY, title text NOT NULL)");
  await pool.query("INSERT INTO bench_sentences SELECT ordinality - 1, s FROM unnest($1::text[]) WITH ORDINALITY AS s", [input.sentences]);
  await pool.query("INSERT INTO bench_titles SELECT ordinality - 1, t FROM unnest($1::text[]) WITH ORDINALITY AS t", [input.titles]);
  await pool.query("DROP INDEX papers_search_vector_idx");
  const chunk = 50_000;
  const ranges: [number, number][] = [];
  for (let from = 1; from <= input.count; from += chunk) ranges.push([from, Math.min(input.count, from + chunk - 1)]);
  let done = 0;
  // Two lanes: the tsvector of each abstract is computed on insert and takes most of the time.
  const lane = async () => {
    for (let range = ranges.shift(); range; range = ranges.shift()) {
      await insertPapers(pool, range[0], range[1], input.sentences.length, input.titles.length);
      done += range[1] - range[0] + 1;
      if (done % 200_000 < chunk) input.log(`${done.toLocaleString("en-US")} papers`);
    }
  };
  await Promise.all([lane(), lane()]);
  input.log("building papers_search_vector_idx (GIN)…");
  const client = await pool.connect();
  try {
    await client.query("SET maintenance_work_mem = '1GB'");
    // The same definition as prisma/migrations/…_init: the bench only drops it for the bulk load.
    await client.query('CREATE INDEX "papers_search_vector_idx" ON "papers" USING GIN ("search_vector")');
  } finally {
    client.release();
  }
  const { rows: [bounds] } = await pool.query<{ min: number; max: number }>("SELECT min(id) AS min, max(id) AS max FROM papers");
  // Day d's rank r is a paper spread over the whole id range by a multiplicative hash.
  await pool.query(
    `INSERT INTO paper_trends (paper_id, day, rank, upvotes, source, updated_at)
     SELECT $1::int + ((d::bigint * ${TRENDING_PER_DAY} + r) * 2654435761 % ($2::int - $1::int + 1)), $3::date - d, r,
            greatest(1, 400 / r + (hashint4(d * 100 + r) & 15)), 'huggingface', now()
     FROM generate_series(0, ${TREND_DAYS - 1}) AS d, generate_series(1, ${TRENDING_PER_DAY}) AS r
     ON CONFLICT DO NOTHING`,
    [bounds!.min, bounds!.max, input.anchorDay],
  );
  await pool.query(
    `INSERT INTO paper_trends (paper_id, day, rank, upvotes, source, updated_at)
     SELECT paper_id, day + 1, rank + 10, upvotes + 20, source, now() FROM paper_trends
     WHERE day < $1::date AND hashint4(paper_id) % 3 = 0
     ON CONFLICT DO NOTHING`,
    [input.anchorDay],
  );
  await pool.query("DROP TABLE bench_sentences, bench_titles");
  await pool.query("VACUUM ANALYZE papers");
  await pool.query("VACUUM ANALYZE paper_trends");
  const trendRows = Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM paper_trends")).rows[0]!.n);
  const candidates = Number((await pool.query<{ n: string }>(
    "SELECT count(DISTINCT paper_id) AS n FROM paper_trends WHERE day <= $1::date AND day > $1::date - 7", [input.anchorDay],
  )).rows[0]!.n);
  return { papers: input.count, trendRows, anchorDay: input.anchorDay, candidates, seconds: (performance.now() - started) / 1000 };
}

async function insertPapers(pool: pg.Pool, from: number, to: number, sentences: number, titles: number): Promise<void> {
  // Five sentences and a title per paper, picked by hashes of its number (joins on the small
  // tables, not array subscripts, which would walk the array for every pick).
  const pick = (salt: number) => `((hashint4(g * 7 + ${salt})::bigint % ${sentences}) + ${sentences}) % ${sentences}`;
  await pool.query(
    `INSERT INTO papers (arxiv_id, title_key, title, authors, abstract, source, pdf_url, updated_at)
     SELECT 'gen.' || g, lower(t.title), t.title, ARRAY['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
            concat_ws(' ', s1.sentence, s2.sentence, s3.sentence, s4.sentence, s5.sentence), 'arxiv',
            'https://arxiv.org/pdf/gen.' || g, now()
     FROM generate_series($1::int, $2::int) AS g
     JOIN bench_titles t ON t.id = ((hashint4(g)::bigint % ${titles}) + ${titles}) % ${titles}
     JOIN bench_sentences s1 ON s1.id = ${pick(1)}
     JOIN bench_sentences s2 ON s2.id = ${pick(2)}
     JOIN bench_sentences s3 ON s3.id = ${pick(3)}
     JOIN bench_sentences s4 ON s4.id = ${pick(4)}
     JOIN bench_sentences s5 ON s5.id = ${pick(5)}`,
    [from, to],
  );
}
