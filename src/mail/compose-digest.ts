import { escapeHtml, escapeText, fillTemplate } from "./fill-template.ts";
import type { DigestContent, PaperCard } from "./digest-content.ts";
import type { DigestTemplates } from "./digest-templates.io.ts";

export type RenderedDigest = { subject: string; preheader: string; html: string; text: string };

/**
 * A digest taken apart for the renderer: the per-digest values of the layout, each card's MJML
 * (data already escaped) and the finished text part. Building this is cheap; compiling MJML is
 * not, and digest-renderer.ts does it once per card and once per layout variant.
 */
export type ComposedDigest = {
  subject: string;
  preheader: string;
  /** The layout's text values, unescaped: subject, preheader, heading, intro, topicNote, viewUrl, archiveUrl, postalAddress. */
  layoutValues: Readonly<Record<LayoutValueName, string>>;
  /** Whether the header carries the "nothing matched your topics" note (a layout variant). */
  hasTopicNote: boolean;
  cardsMjml: readonly string[];
  text: string;
};

export const LAYOUT_VALUE_NAMES = ["subject", "preheader", "heading", "intro", "topicNote", "viewUrl", "archiveUrl", "postalAddress"] as const;
export type LayoutValueName = (typeof LAYOUT_VALUE_NAMES)[number];

const SUMMARY_CHARS = 320;
const MAX_AUTHORS = 4;
const MAX_KEYWORDS = 5;
const TEXT_WIDTH = 72;
const THUMBNAIL_WIDTH = 160;

/** Builds everything of a digest but the MJML compilation. The reader's own links stay as READER_PLACEHOLDERS. */
export function composeDigest(content: DigestContent, templates: DigestTemplates): ComposedDigest {
  const top = content.papers[0];
  if (!top) throw new Error("a digest needs at least one paper");
  const dateLabel = formatDate(content.editionDate);
  const count = content.papers.length;
  const subject = truncate(count > 1 ? `${top.title} — and ${count - 1} more trending papers` : top.title, 140);
  const heading = `${count} trending paper${count > 1 ? "s" : ""} for ${dateLabel}`;
  const matchesTopics = !content.isFallback && content.topics.length > 0;
  const intro = content.ranking === "momentum"
    ? `Ranked by momentum: the papers that gained the most upvotes on Hugging Face Daily Papers since your last email${matchesTopics ? `, among those that match your topics: ${content.topics.join(", ")}` : ""}.`
    : matchesTopics
      ? `Trending papers that match your topics: ${content.topics.join(", ")}.`
      : "The papers the research community is upvoting on Hugging Face Daily Papers, best first.";
  const topicNote = content.isFallback
    ? `Nothing new matched your topics (${content.topics.join(", ")}) today, so here is the general list.`
    : "";
  const preheader = truncate(`${top.title}: ${shorten(top.aiSummary ?? top.abstract, 120)}`, 150);
  const layoutValues = { subject, preheader, heading, intro, topicNote, viewUrl: content.viewUrl, archiveUrl: content.archiveUrl, postalAddress: content.postalAddress };

  const cardsMjml = content.papers.map((paper) => fillTemplate(templates.cardMjml, cardValues(paper, "html"), escapeHtml));
  const textCards = content.papers.map((paper) => fillTemplate(templates.cardText, cardValues(paper, "text"), escapeText)).join("");
  const text = fillTemplate(templates.layoutText, { ...layoutValues, topicNote: topicNote ? `\n${wrap(topicNote)}\n` : "", cards: textCards }, escapeText);
  return { subject, preheader, layoutValues, hasTopicNote: topicNote !== "", cardsMjml, text };
}

/**
 * The layout's MJML with the given cards, and every per-digest value as it is in `values`
 * (the renderer passes stand-ins that it replaces after compiling).
 */
export function fillLayoutMjml(templates: DigestTemplates, values: Readonly<Record<LayoutValueName, string>>, hasTopicNote: boolean, cards: string, escape: (v: string) => string): string {
  const topicNote = hasTopicNote ? `<mj-text font-size="14px" color="#92400e" padding="12px 0 0">${escape(values.topicNote)}</mj-text>` : "";
  return fillTemplate(templates.layoutMjml, {
    cards,
    header: fillTemplate(templates.headerMjml, { ...values, topicNote }, escape),
    footer: fillTemplate(templates.footerMjml, values, escape),
    ...values,
  }, escape);
}

function cardValues(paper: PaperCard, format: "html" | "text"): Record<string, string> {
  const badge = [
    paper.rank !== null ? `#${paper.rank}${paper.trendDay ? ` on ${formatDate(paper.trendDay)}` : ""}` : null,
    paper.upvotes !== null ? `▲ ${paper.upvotes} upvote${paper.upvotes === 1 ? "" : "s"}` : null,
    paper.commentCount ? `${paper.commentCount} comment${paper.commentCount === 1 ? "" : "s"}` : null,
  ].filter(Boolean).join(" · ");
  const keywords = paper.aiKeywords.slice(0, MAX_KEYWORDS).join(" · ");
  const authorLine = paper.authors.length === 0 ? "" :
    paper.authors.slice(0, MAX_AUTHORS).join(", ") + (paper.authors.length > MAX_AUTHORS ? " et al." : "");
  const summary = shorten(paper.aiSummary ?? paper.abstract, SUMMARY_CHARS);
  // With an AI summary as the short text, the full abstract is one click away on the paper page.
  const links: [string, string | null][] = [
    [paper.aiSummary ? "Abstract" : "Paper", paper.pageUrl],
    ["PDF", paper.pdfUrl],
    [paper.codeStars !== null ? `Code ★ ${paper.codeStars}` : "Code", paper.codeUrl],
    ["Project", paper.projectUrl],
  ];
  // A paper known only by its title (the seed pages give no id) still gets a working link.
  const search = `https://arxiv.org/search/?searchtype=title&query=${encodeURIComponent(paper.title.slice(0, 200))}`;
  const found = links.filter((l): l is [string, string] => l[1] !== null);
  const present: [string, string][] = found.length > 0 ? found : [["Find on arXiv", search]];
  const titleUrl = paper.pageUrl ?? paper.pdfUrl ?? search;
  if (format === "html") {
    return {
      badge: badge || "Trending",
      title: paper.title,
      titleUrl,
      // A small picture, not a banner: ten banners would make the email long and heavy, and
      // most clients hide remote images until asked. alt="" keeps a blocked image silent.
      thumbnail: paper.thumbnailUrl
        ? `<mj-text padding="0 0 8px"><a href="${escapeHtml(titleUrl)}"><img src="${escapeHtml(paper.thumbnailUrl)}" width="${THUMBNAIL_WIDTH}" alt="" style="display:block;width:${THUMBNAIL_WIDTH}px;max-width:100%;height:auto;border:0;border-radius:6px" /></a></mj-text>`
        : "",
      authors: authorLine ? `<mj-text font-size="13px" color="#6b7280" padding="4px 0 0">${escapeHtml(authorLine)}</mj-text>` : "",
      keywords: keywords ? `<mj-text font-size="12px" color="#4338ca" padding="8px 0 0">${escapeHtml(keywords)}</mj-text>` : "",
      summary,
      links: present.map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`).join(" &nbsp;·&nbsp; "),
    };
  }
  return {
    badge: badge || "Trending",
    title: wrap(paper.title),
    authors: authorLine ? wrap(authorLine) : "",
    summary: wrap(summary) + (keywords ? `\n${wrap(`Keywords: ${keywords}`)}` : ""),
    links: present.map(([label, url]) => `${label}: ${url}`).join("\n"),
  };
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

// One formatter for every card: building an Intl.DateTimeFormat per call showed in the profile.
const DATE_FORMAT = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric", year: "numeric" });

function formatDate(isoDate: string): string {
  return DATE_FORMAT.format(new Date(`${isoDate}T00:00:00Z`));
}
