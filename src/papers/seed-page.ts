import { LIMITS, type ImportFailure, type IncomingPaper, type SourceBatch } from "./incoming-paper.ts";
import { isMonthDay, resolveMonthDay } from "./page-date.ts";
import { SourceError } from "./source-error.ts";
import { collapseWhitespace } from "./title-key.ts";

// The site's chrome above the list, as captured (compared lower-cased).
const HEADER_LINES = new Set([
  "new",
  "get trending papers in your email inbox!",
  "get trending papers in your email inbox once a day!",
  "subscribe",
  "byak and the research community",
]);
const SUBSCRIBE = "Subscribe";
// "SubscribeThe Power of…" is glued; "Subscribers of…" would be a title of its own.
const GLUED_SUBSCRIBE = /^Subscribe(?![a-z])/;

/** A parsed capture: its trending day (null for a topic search page) and its papers in page order. */
export type SeedBatch = SourceBatch & { day: string | null };

/**
 * Parses a captured Daily Papers page: header lines, an optional yearless date line ("Jul 3",
 * resolved to the latest such day on or before `reference`), then title and abstract lines
 * alternating, blank lines or not. Rank is the position on the page. A page knows no ids,
 * authors or votes, so those stay empty.
 */
export function buildSeedBatch(name: string, text: string, reference: Date): SeedBatch {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((line) => collapseWhitespace(line))
    .filter((line) => line !== "");
  const start = skipHeader(lines);
  let body = lines.slice(start);
  let day: string | null = null;
  if (body[0] !== undefined && isMonthDay(body[0])) {
    day = resolveMonthDay(body[0], reference);
    if (!day) throw new SourceError("SOURCE_MALFORMED", `${name}: date line "${body[0]}" names no real day`);
    body = body.slice(1);
  }
  const papers: IncomingPaper[] = [];
  const failures: ImportFailure[] = [];
  for (let index = 0; index < body.length; index += 2) {
    const rank = index / 2 + 1;
    const item = `${name} #${rank}`;
    const title = body[index]!;
    const abstract = body[index + 1];
    const problem =
      abstract === undefined ? "title without an abstract at the end of the page"
      : title.length > LIMITS.titleChars ? `title longer than ${LIMITS.titleChars} characters`
      : abstract.length > LIMITS.abstractChars ? `abstract longer than ${LIMITS.abstractChars} characters`
      : null;
    if (problem) {
      failures.push({ item, reason: problem });
      continue;
    }
    papers.push(buildSeedPaper(title, abstract!, day ? { day, rank, upvotes: null } : null));
  }
  return { day, papers, failures, skipped: [] };
}

// Returns the index of the first content line. A capture can glue the first title to the
// "Subscribe" button text ("SubscribeThe Power of…"); that line is split, not dropped.
function skipHeader(lines: string[]): number {
  let hasSubscribe = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (HEADER_LINES.has(line.toLowerCase())) {
      hasSubscribe ||= line === SUBSCRIBE;
      continue;
    }
    if (!hasSubscribe && GLUED_SUBSCRIBE.test(line)) {
      lines[index] = line.slice(SUBSCRIBE.length).trim();
    }
    return index;
  }
  return lines.length;
}

// A page shows only a title and an abstract: everything else stays empty rather than guessed.
function buildSeedPaper(title: string, abstract: string, trend: IncomingPaper["trend"]): IncomingPaper {
  return {
    arxivId: null, title, authors: [], abstract, publishedAt: null, categories: [], pageUrl: null, pdfUrl: null,
    codeUrl: null, codeStars: null, projectUrl: null, thumbnailUrl: null, aiSummary: null, aiKeywords: [], commentCount: null,
    trend,
  };
}
