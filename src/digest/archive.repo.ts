import type { Db } from "../db/client.ts";
import { ARCHIVE_PAPER_COUNT, computePublishedAt, type ArchiveEdition, type ArchiveEntry } from "./archive-edition.ts";
import { toPaperCard, type PaperCardRow } from "./paper-cards.repo.ts";

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

// Later than any edition date: "no upper bound" for the keyset below.
const NO_BOUND = "9999-12-31";

/**
 * Public editions (dated on or before `today`, with at least one paper that still exists), newest
 * first, each with its best paper's title. `before` (exclusive) pages to older editions.
 */
export async function findArchiveEntries(db: Db, query: { today: string; before?: string; limit: number }): Promise<ArchiveEntry[]> {
  // editions_date_key walks the dates newest first; the lateral takes the first ranked paper
  // that still exists, and drops editions that have none.
  const rows = await db.$queryRaw<{ id: number; date: Date; created_at: Date; title: string }[]>`
    SELECT e.id, e.date, e.created_at, top.title
    FROM editions e
    CROSS JOIN LATERAL (
      SELECT p.title FROM unnest(e.paper_ids[1:${ARCHIVE_PAPER_COUNT}]) WITH ORDINALITY AS u(paper_id, n)
      JOIN papers p ON p.id = u.paper_id
      ORDER BY u.n LIMIT 1
    ) top
    WHERE e.date <= ${query.today}::date AND e.date < ${query.before ?? NO_BOUND}::date
    ORDER BY e.date DESC
    LIMIT ${query.limit}`;
  return rows.map((r) => {
    const date = isoDate(r.date);
    return { editionId: r.id, date, topTitle: r.title, publishedAt: computePublishedAt(date, r.created_at) };
  });
}

/**
 * The newest `limit` public editions (or only the one of `date`) with the cards of their first
 * ARCHIVE_PAPER_COUNT papers, best first, each card with its best rank on the edition's own
 * trending days. One query for all of them.
 */
export async function loadArchiveEditions(db: Db, query: { today: string; date?: string; limit: number }): Promise<ArchiveEdition[]> {
  // editions_date_key picks the editions; paper_trends_pkey (paper_id, day) gives each card's best
  // rank within that edition's window, as loadPaperCards does for one edition.
  const rows = await db.$queryRaw<(PaperCardRow & { edition_id: number; edition_date: Date; created_at: Date })[]>`
    SELECT e.id AS edition_id, e.date AS edition_date, e.created_at,
           p.title, p.authors, p.abstract, p.ai_summary, p.ai_keywords, p.comment_count, p.page_url, p.pdf_url, p.code_url, p.code_stars, p.project_url, p.thumbnail_url,
           t.rank, t.day, t.upvotes
    FROM (
      SELECT id, date, created_at, trending_days, paper_ids FROM editions
      WHERE date <= ${query.today}::date AND cardinality(paper_ids) > 0
        AND (${query.date ?? null}::date IS NULL OR date = ${query.date ?? null}::date)
      ORDER BY date DESC
      LIMIT ${query.limit}
    ) e
    CROSS JOIN LATERAL unnest(e.paper_ids[1:${ARCHIVE_PAPER_COUNT}]) WITH ORDINALITY AS u(paper_id, n)
    JOIN papers p ON p.id = u.paper_id
    LEFT JOIN LATERAL (
      SELECT rank, day, upvotes FROM paper_trends
      WHERE paper_id = p.id AND day = ANY(e.trending_days)
      ORDER BY rank, day DESC LIMIT 1
    ) t ON true
    ORDER BY e.date DESC, u.n`;
  const editions = new Map<number, ArchiveEdition>();
  for (const r of rows) {
    let edition = editions.get(r.edition_id);
    if (!edition) {
      const date = isoDate(r.edition_date);
      edition = { editionId: r.edition_id, date, publishedAt: computePublishedAt(date, r.created_at), papers: [] };
      editions.set(r.edition_id, edition);
    }
    edition.papers.push(toPaperCard(r));
  }
  return [...editions.values()];
}
