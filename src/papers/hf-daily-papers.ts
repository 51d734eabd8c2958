import { z } from "zod";
import { parseArxivId } from "./arxiv-id.ts";
import { LIMITS, type IncomingPaper, type SourceBatch } from "./incoming-paper.ts";
import { SourceError } from "./source-error.ts";
import { collapseWhitespace } from "./title-key.ts";

// An empty string means "not given" in HF's payloads, the same as a missing field or null.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? null : value), schema.nullish());
const text = (max: number) => z.string().max(max, `longer than ${max} characters`);
// Only http(s): these links end up in emails, where a javascript: or data: URL must never appear.
const link = z.url({ protocol: /^https?$/ }).max(LIMITS.urlChars);
const count = z.number().int().nonnegative();
const instant = z.iso.datetime({ offset: true });

const hfPaperSchema = z.object({
  id: z.string().max(64),
  title: optional(text(LIMITS.titleChars)),
  summary: optional(text(LIMITS.abstractChars)),
  authors: optional(z.array(z.object({ name: text(LIMITS.nameChars) })).max(LIMITS.authors)),
  publishedAt: optional(instant),
  upvotes: optional(count),
  ai_summary: optional(text(LIMITS.aiSummaryChars)),
  ai_keywords: optional(z.array(text(LIMITS.keywordChars)).max(LIMITS.keywords)),
  githubRepo: optional(link),
  githubStars: optional(count),
  projectPage: optional(link),
  withdrawnAt: optional(z.string().max(64)),
});

const hfItemSchema = z.object({
  title: optional(text(LIMITS.titleChars)),
  summary: optional(text(LIMITS.abstractChars)),
  thumbnail: optional(link),
  numComments: optional(count),
  publishedAt: optional(instant),
  paper: hfPaperSchema,
});

/**
 * Normalises one response of HF's `/api/daily_papers?date=<day>`. The response order is that
 * day's trending order, so an item's rank is its position (failed items keep their place).
 * Throws SourceError when the body is not a JSON array; a bad item only becomes a failure.
 */
export function buildHfBatch(body: string, day: string): SourceBatch {
  const batch: SourceBatch = { papers: [], failures: [], skipped: [] };
  parseJsonArray(body).forEach((raw, index) => {
    const rank = index + 1;
    const item = `${day} #${rank} ${describeId(raw)}`.trim();
    const result = buildHfPaper(raw, day, rank);
    if ("paper" in result) batch.papers.push(result.paper);
    else (result.isSkipped ? batch.skipped : batch.failures).push({ item, reason: result.reason });
  });
  return batch;
}

type ItemResult = { paper: IncomingPaper } | { reason: string; isSkipped: boolean };

function buildHfPaper(raw: unknown, day: string, rank: number): ItemResult {
  const parsed = hfItemSchema.safeParse(raw);
  if (!parsed.success) return { reason: describeIssues(parsed.error), isSkipped: false };
  const { paper, ...outer } = parsed.data;
  const arxivId = parseArxivId(paper.id);
  const title = collapseWhitespace(paper.title ?? outer.title ?? "");
  if (!arxivId) return { reason: "paper.id is not an arXiv id", isSkipped: false };
  if (!title) return { reason: "missing title", isSkipped: false };
  if (paper.withdrawnAt) return { reason: `withdrawn on ${paper.withdrawnAt}`, isSkipped: true };
  const published = paper.publishedAt ?? outer.publishedAt;
  return {
    paper: {
      arxivId,
      title,
      authors: (paper.authors ?? []).map((a) => collapseWhitespace(a.name)).filter(Boolean),
      abstract: (paper.summary ?? outer.summary ?? "").trim(),
      publishedAt: published ? new Date(published) : null,
      categories: [],
      pageUrl: `https://huggingface.co/papers/${arxivId}`,
      pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
      codeUrl: paper.githubRepo ?? null,
      codeStars: paper.githubStars ?? null,
      projectUrl: paper.projectPage ?? null,
      thumbnailUrl: outer.thumbnail ?? null,
      aiSummary: paper.ai_summary?.trim() || null,
      aiKeywords: (paper.ai_keywords ?? []).map(collapseWhitespace).filter(Boolean),
      commentCount: outer.numComments ?? null,
      trend: { day, rank, upvotes: paper.upvotes ?? null },
    },
  };
}

function parseJsonArray(body: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new SourceError("SOURCE_MALFORMED", `daily papers response is not JSON: ${(error as Error).message}`, error);
  }
  if (!Array.isArray(value)) throw new SourceError("SOURCE_MALFORMED", "daily papers response is not a JSON array");
  return value;
}

// A failure names the item by its id when one can be read, never by echoing a huge value.
function describeId(raw: unknown): string {
  const id = (raw as { paper?: { id?: unknown } } | null)?.paper?.id;
  return typeof id === "string" ? id.slice(0, 64) : "";
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "item"}: ${issue.message}`)
    .join("; ");
}
