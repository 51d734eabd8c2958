import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { parseArxivId } from "./arxiv-id.ts";
import { LIMITS, type IncomingPaper, type SourceBatch } from "./incoming-paper.ts";
import { SourceError } from "./source-error.ts";
import { collapseWhitespace } from "./title-key.ts";

// The API reports a bad query as a feed whose only entry has an id under this URL.
const API_ERROR_ID = /^https?:\/\/arxiv\.org\/api\/errors/;
const REPEATED = new Set(["entry", "author", "link", "category"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  // Ids such as 2306.12340 and titles such as "1984" must stay strings.
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name),
});

// An element with attributes comes back as { "#text": … }; one without, as the plain string.
const node = z.union([z.string(), z.object({ "#text": z.string() }).transform((n) => n["#text"])]).transform(collapseWhitespace);
const text = (max: number) => node.pipe(z.string().max(max, `longer than ${max} characters`));
const link = z.url({ protocol: /^https?$/ }).max(LIMITS.urlChars);

const entrySchema = z.object({
  id: node,
  title: text(LIMITS.titleChars).pipe(z.string().min(1, "missing title")),
  summary: text(LIMITS.abstractChars).optional(),
  published: node.pipe(z.iso.datetime({ offset: true })).optional(),
  author: z.array(z.object({ name: text(LIMITS.nameChars) })).max(LIMITS.authors).optional(),
  link: z.array(z.object({ "@href": link, "@rel": z.string().optional(), "@title": z.string().optional() })).optional(),
  category: z.array(z.object({ "@term": z.string().max(LIMITS.keywordChars) })).max(LIMITS.categories).optional(),
});
type Entry = z.infer<typeof entrySchema>;

/**
 * Normalises one arXiv API Atom response. Throws SourceError when the body is not well-formed
 * XML, not an Atom feed, or the API's error feed; a bad entry only becomes a failure. arXiv
 * listings are not trending data, so no paper gets a trend.
 */
export function buildArxivBatch(xml: string): SourceBatch {
  const entries = parseEntries(xml);
  const batch: SourceBatch = { papers: [], failures: [], skipped: [] };
  entries.forEach((raw, index) => {
    const parsed = entrySchema.safeParse(raw);
    const item = `entry #${index + 1} ${parsed.success ? parsed.data.id.slice(0, 100) : ""}`.trim();
    if (!parsed.success) {
      const reason = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "entry"}: ${i.message}`).join("; ");
      batch.failures.push({ item, reason });
      return;
    }
    const arxivId = parseArxivId(parsed.data.id);
    if (!arxivId) batch.failures.push({ item, reason: "id is not an arXiv abs URL" });
    else batch.papers.push(buildArxivPaper(parsed.data, arxivId));
  });
  return batch;
}

function buildArxivPaper(entry: Entry, arxivId: string): IncomingPaper {
  const links = entry.link ?? [];
  return {
    arxivId,
    title: entry.title,
    authors: (entry.author ?? []).map((a) => a.name).filter(Boolean),
    abstract: entry.summary ?? "",
    publishedAt: entry.published ? new Date(entry.published) : null,
    categories: [...new Set((entry.category ?? []).map((c) => c["@term"]))],
    pageUrl: links.find((l) => l["@rel"] === "alternate")?.["@href"] ?? null,
    pdfUrl: links.find((l) => l["@title"] === "pdf")?.["@href"] ?? null,
    codeUrl: null,
    codeStars: null,
    projectUrl: null,
    thumbnailUrl: null,
    aiSummary: null,
    aiKeywords: [],
    commentCount: null,
    trend: null,
  };
}

function parseEntries(xml: string): unknown[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new SourceError("SOURCE_MALFORMED", `arXiv response is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const feed = (parser.parse(xml) as { feed?: { entry?: unknown[] } }).feed;
  if (!feed || typeof feed !== "object") throw new SourceError("SOURCE_MALFORMED", "arXiv response is not an Atom feed");
  const entries = feed.entry ?? [];
  const first = entries[0] as { id?: unknown; summary?: unknown } | undefined;
  if (typeof first?.id === "string" && API_ERROR_ID.test(first.id.trim())) {
    const detail = typeof first.summary === "string" ? collapseWhitespace(first.summary) : first.id;
    throw new SourceError("SOURCE_UNAVAILABLE", `arXiv API refused the query: ${detail}`);
  }
  return entries;
}
