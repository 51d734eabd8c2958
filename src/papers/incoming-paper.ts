import type { Logger } from "../telemetry/logger.ts";

/** Which importer a paper, trend or run came from (the `paper_source` enum). */
export type PaperSourceKind = "huggingface" | "arxiv" | "seed";

/**
 * Upper bounds on what one record may carry. Anything larger is refused as a failure of that
 * record: a real title or abstract never comes near them, a broken or hostile feed can.
 */
export const LIMITS = Object.freeze({
  titleChars: 1_000,
  abstractChars: 20_000,
  nameChars: 300,
  authors: 5_000,
  urlChars: 2_000,
  aiSummaryChars: 5_000,
  keywords: 100,
  keywordChars: 200,
  categories: 50,
});

/** A paper's place on one trending day: 1-based rank in that day's order. */
export type TrendInput = { day: string; rank: number; upvotes: number | null };

/**
 * One paper as a source describes it, already validated and normalised. Whatever the source
 * does not say stays empty (null or []): nothing is invented.
 */
export type IncomingPaper = {
  arxivId: string | null;
  title: string;
  authors: string[];
  abstract: string;
  publishedAt: Date | null;
  categories: string[];
  pageUrl: string | null;
  pdfUrl: string | null;
  codeUrl: string | null;
  codeStars: number | null;
  projectUrl: string | null;
  thumbnailUrl: string | null;
  aiSummary: string | null;
  aiKeywords: string[];
  commentCount: number | null;
  /** Null for papers that are not trending data (arXiv listings, topic search pages). */
  trend: TrendInput | null;
};

/** A record that was not imported, and why. */
export type ImportFailure = { item: string; reason: string };

/** What one source gave: the papers, the records refused as invalid, and those skipped on purpose. */
export type SourceBatch = { papers: IncomingPaper[]; failures: ImportFailure[]; skipped: ImportFailure[] };

/**
 * One importer for one target (a day, a query, a file). `load` throws a SourceError when the
 * whole source is unusable; a bad record only lands in `failures`.
 */
export type PaperSource = {
  kind: PaperSourceKind;
  target: string;
  load(context: { log: Logger }): Promise<SourceBatch>;
};
