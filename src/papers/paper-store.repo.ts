import type { Db } from "../db/client.ts";
import type { IncomingPaper, PaperSourceKind } from "./incoming-paper.ts";
import { buildTitleKey } from "./title-key.ts";

/** What storing one record did: inserted a paper, changed its row or trend, or changed nothing. */
export type StoreOutcome = "new" | "updated" | "unchanged";

type OutcomeRow = { ord: number; is_new: boolean; is_changed: boolean };

// Any constant works; it only has to be the same for every process that writes papers.
const PAPER_WRITE_LOCK = 72_707_902;

// Postgres text holds neither U+0000 nor lone surrogates; one such character would fail the chunk.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (_key: string, value: unknown) =>
  typeof value === "string" ? value.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\uFFFD") : value;

/**
 * Stores one chunk of an import run in one statement and says, per paper in input order, what
 * changed. A paper is found by arXiv id, else by title key (a row without an id first, which
 * an id then attaches to). Papers must be unique by identity within the chunk. Missing fields
 * never erase stored ones. HF and arXiv overwrite what they say unless the row came from a more
 * trusted source (HF > arXiv); a seed page, a fixed capture, only ever fills gaps. So
 * overlapping pages and sources converge instead of overwriting each other on every run.
 */
export async function recordPapers(
  db: Db,
  input: { source: PaperSourceKind; importRunId: number; papers: IncomingPaper[] },
): Promise<StoreOutcome[]> {
  const payload = JSON.stringify(input.papers.map(buildRow), storable);
  // Raw SQL: resolving, merging, inserting and upserting trends for a whole chunk in one round
  // trip needs data-modifying CTEs, which Prisma cannot express. Lookups use papers_arxiv_id_key,
  // papers_title_key_without_id_key and papers_title_key_idx; trends upsert on paper_trends_pkey.
  // Two imports at once (a scheduled run and a CLI run, two workers) would both insert a paper
  // new to each and one would hit papers_arxiv_id_key: chunks are written one at a time, under a
  // Postgres advisory lock held for the transaction.
  const rows = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${PAPER_WRITE_LOCK})) AS l`;
    return tx.$queryRaw<OutcomeRow[]>`
    WITH input AS (
      SELECT r.*, ${input.source}::paper_source AS source
      FROM jsonb_to_recordset(${payload}::jsonb) AS r(
        ord int, arxiv_id text, title_key text, title text, authors text[], abstract text, published_at timestamptz,
        categories text[], page_url text, pdf_url text, code_url text, code_stars int, project_url text,
        thumbnail_url text, ai_summary text, ai_keywords text[], comment_count int, day date, rank int, upvotes int)
    ),
    by_id AS (
      SELECT i.*, (SELECT p.id FROM papers p WHERE p.arxiv_id = i.arxiv_id) AS id_match FROM input i
    ),
    resolved AS (
      -- Only the first unmatched record of a title may claim a title match, so two papers that
      -- share a title never land on one row.
      SELECT b.*, coalesce(b.id_match, CASE WHEN b.id_match IS NULL
          AND row_number() OVER (PARTITION BY b.title_key, b.id_match IS NULL ORDER BY b.ord) = 1 THEN coalesce(
        (SELECT p.id FROM papers p WHERE p.arxiv_id IS NULL AND p.title_key = b.title_key),
        CASE WHEN b.arxiv_id IS NULL THEN (SELECT min(p.id) FROM papers p WHERE p.title_key = b.title_key) END) END) AS paper_id
      FROM by_id b
    ),
    merged AS (
      SELECT r.paper_id, coalesce(p.arxiv_id, r.arxiv_id) AS arxiv_id,
        CASE WHEN w.wins THEN r.title ELSE p.title END AS title,
        CASE WHEN w.wins THEN r.title_key ELSE p.title_key END AS title_key,
        CASE WHEN w.wins THEN r.source ELSE p.source END AS source,
        CASE WHEN w.wins THEN coalesce(r.authors, p.authors) ELSE coalesce(nullif(p.authors, '{}'), r.authors, p.authors) END AS authors,
        CASE WHEN w.wins THEN coalesce(r.abstract, p.abstract) ELSE coalesce(nullif(p.abstract, ''), r.abstract, p.abstract) END AS abstract,
        CASE WHEN w.wins THEN coalesce(r.published_at, p.published_at) ELSE coalesce(p.published_at, r.published_at) END AS published_at,
        CASE WHEN w.wins THEN coalesce(r.categories, p.categories) ELSE coalesce(nullif(p.categories, '{}'), r.categories, p.categories) END AS categories,
        CASE WHEN w.wins THEN coalesce(r.page_url, p.page_url) ELSE coalesce(p.page_url, r.page_url) END AS page_url,
        CASE WHEN w.wins THEN coalesce(r.pdf_url, p.pdf_url) ELSE coalesce(p.pdf_url, r.pdf_url) END AS pdf_url,
        CASE WHEN w.wins THEN coalesce(r.code_url, p.code_url) ELSE coalesce(p.code_url, r.code_url) END AS code_url,
        CASE WHEN w.wins THEN coalesce(r.code_stars, p.code_stars) ELSE coalesce(p.code_stars, r.code_stars) END AS code_stars,
        CASE WHEN w.wins THEN coalesce(r.project_url, p.project_url) ELSE coalesce(p.project_url, r.project_url) END AS project_url,
        CASE WHEN w.wins THEN coalesce(r.thumbnail_url, p.thumbnail_url) ELSE coalesce(p.thumbnail_url, r.thumbnail_url) END AS thumbnail_url,
        CASE WHEN w.wins THEN coalesce(r.ai_summary, p.ai_summary) ELSE coalesce(p.ai_summary, r.ai_summary) END AS ai_summary,
        CASE WHEN w.wins THEN coalesce(r.ai_keywords, p.ai_keywords) ELSE coalesce(nullif(p.ai_keywords, '{}'), r.ai_keywords, p.ai_keywords) END AS ai_keywords,
        CASE WHEN w.wins THEN coalesce(r.comment_count, p.comment_count) ELSE coalesce(p.comment_count, r.comment_count) END AS comment_count
      FROM resolved r JOIN papers p ON p.id = r.paper_id
      CROSS JOIN LATERAL (SELECT r.source <> 'seed' AND array_position(ARRAY['huggingface', 'arxiv', 'seed']::paper_source[], r.source)
        <= array_position(ARRAY['huggingface', 'arxiv', 'seed']::paper_source[], p.source) AS wins) w
    ),
    updated AS (
      UPDATE papers p SET arxiv_id = m.arxiv_id, title = m.title, title_key = m.title_key, source = m.source,
        authors = m.authors, abstract = m.abstract, published_at = m.published_at, categories = m.categories,
        page_url = m.page_url, pdf_url = m.pdf_url, code_url = m.code_url, code_stars = m.code_stars,
        project_url = m.project_url, thumbnail_url = m.thumbnail_url, ai_summary = m.ai_summary,
        ai_keywords = m.ai_keywords, comment_count = m.comment_count, updated_at = now()
      FROM merged m
      WHERE p.id = m.paper_id AND (p.arxiv_id, p.title, p.title_key, p.source, p.authors, p.abstract, p.published_at,
        p.categories, p.page_url, p.pdf_url, p.code_url, p.code_stars, p.project_url, p.thumbnail_url, p.ai_summary,
        p.ai_keywords, p.comment_count)
        IS DISTINCT FROM (m.arxiv_id, m.title, m.title_key, m.source, m.authors, m.abstract, m.published_at,
        m.categories, m.page_url, m.pdf_url, m.code_url, m.code_stars, m.project_url, m.thumbnail_url, m.ai_summary,
        m.ai_keywords, m.comment_count)
      RETURNING p.id
    ),
    inserted AS (
      INSERT INTO papers (arxiv_id, title_key, title, source, authors, abstract, published_at, categories, page_url,
        pdf_url, code_url, code_stars, project_url, thumbnail_url, ai_summary, ai_keywords, comment_count, updated_at)
      SELECT arxiv_id, title_key, title, source, coalesce(authors, '{}'), coalesce(abstract, ''), published_at,
        coalesce(categories, '{}'), page_url, pdf_url, code_url, code_stars, project_url, thumbnail_url, ai_summary,
        coalesce(ai_keywords, '{}'), comment_count, now()
      FROM resolved WHERE paper_id IS NULL
      RETURNING id, arxiv_id, title_key
    ),
    outcome AS (
      SELECT r.ord, r.day, r.rank, r.upvotes, r.source, coalesce(r.paper_id, i.id) AS paper_id, r.paper_id IS NULL AS is_new
      FROM resolved r
      LEFT JOIN inserted i ON r.paper_id IS NULL AND i.title_key = r.title_key AND i.arxiv_id IS NOT DISTINCT FROM r.arxiv_id
    ),
    trends AS (
      INSERT INTO paper_trends AS t (paper_id, day, rank, upvotes, source, updated_at)
      SELECT paper_id, day, rank, upvotes, source, now() FROM outcome WHERE day IS NOT NULL
      ON CONFLICT (paper_id, day) DO UPDATE
        SET rank = excluded.rank, upvotes = coalesce(excluded.upvotes, t.upvotes), source = excluded.source, updated_at = excluded.updated_at
        WHERE excluded.source <> 'seed' AND array_position(ARRAY['huggingface', 'arxiv', 'seed']::paper_source[], excluded.source)
            <= array_position(ARRAY['huggingface', 'arxiv', 'seed']::paper_source[], t.source)
          AND (t.rank, t.upvotes, t.source) IS DISTINCT FROM (excluded.rank, coalesce(excluded.upvotes, t.upvotes), excluded.source)
      RETURNING paper_id
    ),
    snapshots AS (
      INSERT INTO vote_snapshots (paper_id, import_run_id, upvotes)
      SELECT paper_id, ${input.importRunId}, upvotes FROM outcome WHERE upvotes IS NOT NULL
    )
    SELECT o.ord, o.is_new, (o.paper_id IN (SELECT id FROM updated) OR o.paper_id IN (SELECT paper_id FROM trends)) AS is_changed
    FROM outcome o`;
  }, { timeout: 60_000 });
  const outcomes: StoreOutcome[] = new Array<StoreOutcome>(input.papers.length).fill("unchanged");
  for (const row of rows) outcomes[row.ord] = row.is_new ? "new" : row.is_changed ? "updated" : "unchanged";
  return outcomes;
}

/** How many papers are stored. */
export async function loadPaperCount(db: Db): Promise<number> {
  return db.paper.count();
}

// Empty lists and strings travel as null: "the source did not say", which never erases.
function buildRow(paper: IncomingPaper, ord: number) {
  const listOrNull = (list: string[]) => (list.length ? list : null);
  return {
    ord, arxiv_id: paper.arxivId, title_key: buildTitleKey(paper.title), title: paper.title,
    authors: listOrNull(paper.authors), abstract: paper.abstract || null, published_at: paper.publishedAt?.toISOString() ?? null,
    categories: listOrNull(paper.categories), page_url: paper.pageUrl, pdf_url: paper.pdfUrl, code_url: paper.codeUrl,
    code_stars: paper.codeStars, project_url: paper.projectUrl, thumbnail_url: paper.thumbnailUrl, ai_summary: paper.aiSummary,
    ai_keywords: listOrNull(paper.aiKeywords), comment_count: paper.commentCount,
    day: paper.trend?.day ?? null, rank: paper.trend?.rank ?? null, upvotes: paper.trend?.upvotes ?? null,
  };
}
