import type pg from "pg";
import type { Db } from "../src/db/client.ts";
import { createLogger } from "../src/telemetry/logger.ts";
import { loadSamplePapers } from "../src/papers/sample-papers.ts";
import { createRandom, type Random } from "./random.ts";

export type SeededPapers = { samplePapers: number; generated: number; anchorDay: string; candidates: number; sentences: string[] };

const FIRST = ["Ada", "Alan", "Grace", "Yann", "Fei-Fei", "Geoffrey", "Daphne", "Andrew", "Ilya", "Percy", "Chelsea", "Sergey", "Oriol", "Jürgen", "Noam", "Kaiming"];
const LAST = ["Lovelace", "Turing", "Hopper", "LeCun", "Li", "Hinton", "Koller", "Ng", "Sutskever", "Liang", "Finn", "Levine", "Vinyals", "Schmidhuber", "Shazeer", "He"];

/**
 * The paper set of a bench run: the bundled sample pages (through the product's importer), plus
 * `perDay` generated papers for each day of the trending window ending at the newest sample
 * day, written from the samples' own sentences so topic matching meets real vocabulary. Each
 * generated paper carries what an HF paper has (authors, votes, links, sometimes a summary),
 * so a 10-paper email is the size of a real one. Inserted in two set-based statements.
 */
export async function seedPapers(pool: pg.Pool, db: Db, options: { perDay: number; windowDays: number; seed: number }): Promise<SeededPapers> {
  const log = createLogger({ level: "silent", name: "bench" });
  const sample = await loadSamplePapers({ db, log, now: new Date() });
  const texts = (await pool.query<{ title: string; abstract: string }>("SELECT title, abstract FROM papers")).rows;
  const anchor = (await pool.query<{ anchor: string }>("SELECT max(day)::text AS anchor FROM paper_trends")).rows[0]!.anchor;
  const sentences = texts.flatMap((t) => t.abstract.split(/(?<=[.!?])\s+/)).filter((s) => s.length >= 40 && s.length <= 400);
  const titles = texts.map((t) => t.title);
  const random = createRandom(options.seed);

  const papers = [];
  const trends: { arxivId: string; day: string; rank: number; upvotes: number }[] = [];
  for (let d = 0; d < options.windowDays; d++) {
    const day = shiftDay(anchor, -d);
    for (let rank = 1; rank <= options.perDay; rank++) {
      const arxivId = `2699.${String(d * 1000 + rank).padStart(5, "0")}`;
      papers.push(buildPaper(arxivId, random, titles, sentences));
      const upvotes = Math.max(1, Math.round(400 / rank ** 0.8 + random.int(0, 20)));
      trends.push({ arxivId, day, rank, upvotes });
      // About a third keep trending the next day, lower down.
      if (d > 0 && random.next() < 0.3) trends.push({ arxivId, day: shiftDay(day, 1), rank: rank + random.int(1, 20), upvotes: upvotes + random.int(0, 50) });
    }
  }
  // One statement per table: jsonb_to_recordset unpacks the whole set server-side.
  await pool.query(
    `INSERT INTO papers (arxiv_id, title_key, title, authors, abstract, source, page_url, pdf_url, code_url, code_stars, project_url, ai_summary, updated_at)
     SELECT arxiv_id, lower(title), title, authors, abstract, 'huggingface', page_url, pdf_url, code_url, code_stars, project_url, ai_summary, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(arxiv_id text, title text, authors text[], abstract text, page_url text, pdf_url text,
                                             code_url text, code_stars int, project_url text, ai_summary text)`,
    [JSON.stringify(papers)],
  );
  await pool.query(
    `INSERT INTO paper_trends (paper_id, day, rank, upvotes, source, updated_at)
     SELECT p.id, r.day, r.rank, r.upvotes, 'huggingface', now()
     FROM jsonb_to_recordset($1::jsonb) AS r("arxivId" text, day date, rank int, upvotes int) JOIN papers p ON p.arxiv_id = r."arxivId"
     ON CONFLICT (paper_id, day) DO NOTHING`,
    [JSON.stringify(trends)],
  );
  const candidates = (await pool.query<{ n: string }>(
    `SELECT count(DISTINCT paper_id) AS n FROM paper_trends WHERE day <= $1::date AND day > $1::date - $2::int`, [anchor, options.windowDays],
  )).rows[0]!.n;
  return { samplePapers: sample.paperCount, generated: papers.length, anchorDay: anchor, candidates: Number(candidates), sentences };
}

function buildPaper(arxivId: string, random: Random, titles: string[], sentences: string[]) {
  const a = random.pick(titles).split(" ");
  const b = random.pick(titles).split(" ");
  const title = [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.ceil(b.length / 2))].join(" ");
  const abstract = Array.from({ length: random.int(5, 9) }, () => random.pick(sentences)).join(" ");
  const hasCode = random.next() < 0.5;
  return {
    arxiv_id: arxivId,
    title,
    authors: Array.from({ length: random.int(2, 9) }, () => `${random.pick(FIRST)} ${random.pick(LAST)}`),
    abstract,
    page_url: `https://huggingface.co/papers/${arxivId}`,
    pdf_url: `https://arxiv.org/pdf/${arxivId}`,
    code_url: hasCode ? `https://github.com/bench-lab/${arxivId.replace(".", "-")}` : null,
    code_stars: hasCode ? random.int(0, 5000) : null,
    project_url: random.next() < 0.2 ? `https://bench-lab.github.io/${arxivId.replace(".", "-")}/` : null,
    ai_summary: random.next() < 0.5 ? `${random.pick(sentences)} ${random.pick(sentences)}`.slice(0, 600) : null,
  };
}

function shiftDay(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
