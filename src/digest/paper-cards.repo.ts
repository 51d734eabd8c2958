import type { Db } from "../db/client.ts";
import type { PaperCard } from "../mail/digest-content.ts";

/** A paper's card columns with its best trend in the edition, as both card queries select them. */
export type PaperCardRow = {
  title: string; authors: string[]; abstract: string; ai_summary: string | null; ai_keywords: string[]; comment_count: number | null;
  page_url: string | null; pdf_url: string | null; code_url: string | null; code_stars: number | null; project_url: string | null; thumbnail_url: string | null;
  rank: number | null; day: Date | null; upvotes: number | null;
};

export function toPaperCard(r: PaperCardRow): PaperCard {
  return {
    title: r.title,
    authors: r.authors,
    abstract: r.abstract,
    aiSummary: r.ai_summary,
    aiKeywords: r.ai_keywords,
    commentCount: r.comment_count,
    rank: r.rank,
    trendDay: r.day ? r.day.toISOString().slice(0, 10) : null,
    upvotes: r.upvotes,
    pageUrl: r.page_url,
    pdfUrl: r.pdf_url,
    codeUrl: r.code_url,
    codeStars: r.code_stars,
    projectUrl: r.project_url,
    thumbnailUrl: r.thumbnail_url,
  };
}

/**
 * The cards of the given papers, each with its best rank among the edition's trending days.
 * One query for the whole list (a few hundred ids at most).
 */
export async function loadPaperCards(db: Db, paperIds: readonly number[], trendingDays: readonly string[]): Promise<Map<number, PaperCard>> {
  if (paperIds.length === 0) return new Map();
  // LATERAL picks the best (lowest) rank per paper through paper_trends_pkey (paper_id, day).
  const rows = await db.$queryRaw<(PaperCardRow & { id: number })[]>`
    SELECT p.id, p.title, p.authors, p.abstract, p.ai_summary, p.ai_keywords, p.comment_count, p.page_url, p.pdf_url, p.code_url, p.code_stars, p.project_url, p.thumbnail_url,
           t.rank, t.day, t.upvotes
    FROM papers p
    LEFT JOIN LATERAL (
      SELECT rank, day, upvotes FROM paper_trends
      WHERE paper_id = p.id AND day = ANY(${trendingDays}::date[])
      ORDER BY rank, day DESC LIMIT 1
    ) t ON true
    WHERE p.id = ANY(${paperIds}::int[])`;
  return new Map(rows.map((r) => [r.id, toPaperCard(r)]));
}

/** The trending days of the edition each paper trended on (paper_trends_pkey). */
export async function loadPaperDays(db: Db, paperIds: readonly number[], trendingDays: readonly string[]): Promise<Map<number, string[]>> {
  if (paperIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ paper_id: number; day: Date }[]>`
    SELECT paper_id, day FROM paper_trends WHERE paper_id = ANY(${paperIds}::int[]) AND day = ANY(${trendingDays}::date[])`;
  const days = new Map<number, string[]>();
  for (const row of rows) {
    const list = days.get(row.paper_id) ?? [];
    list.push(row.day.toISOString().slice(0, 10));
    days.set(row.paper_id, list);
  }
  return days;
}
