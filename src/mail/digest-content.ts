/** What one paper card shows. Everything is data: it is escaped wherever it is rendered. */
export type PaperCard = {
  title: string;
  authors: readonly string[];
  abstract: string;
  aiSummary: string | null;
  aiKeywords: readonly string[];
  commentCount: number | null;
  /** Best rank on the trending days the edition drew from, with that day. */
  rank: number | null;
  trendDay: string | null;
  upvotes: number | null;
  pageUrl: string | null;
  pdfUrl: string | null;
  codeUrl: string | null;
  codeStars: number | null;
  projectUrl: string | null;
  /** A picture of the paper (Hugging Face gives one for most). */
  thumbnailUrl: string | null;
};

/** The content of one content group: rendered once, then personalised per reader. */
export type DigestContent = {
  editionDate: string;
  papers: readonly PaperCard[];
  topics: readonly string[];
  /** The reader's topics matched nothing, so the general list is shown instead. */
  isFallback: boolean;
  /**
   * "momentum" when the list is ordered by votes gained since the reader's last email (the
   * content group's `ranking` column): the email says so in one line, as it does for a fallback.
   * "trending": the trending order, nothing to say.
   */
  ranking: "trending" | "momentum";
  viewUrl: string;
  /** The public archive of past editions, linked from every footer. */
  archiveUrl: string;
  postalAddress: string;
};

/** Placeholders filled per reader into the compiled HTML and text (and the MIME bytes). */
export const READER_PLACEHOLDERS = Object.freeze({
  unsubscribeUrl: "%%unsubscribe_url%%",
  preferencesUrl: "%%preferences_url%%",
});
