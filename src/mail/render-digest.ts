import mjml2html from "mjml";
import { escapeHtml, escapeText, fillTemplate } from "./fill-template.ts";
import type { DigestContent, PaperCard } from "./digest-content.ts";
import type { DigestTemplates } from "./digest-templates.io.ts";

export type RenderedDigest = { subject: string; preheader: string; html: string; text: string };

const SUMMARY_CHARS = 320;
const MAX_AUTHORS = 4;
const MAX_KEYWORDS = 5;
const TEXT_WIDTH = 72;

/**
 * Renders one content group to HTML (MJML, minified) and plain text. This is the expensive step
 * (15-20 ms of MJML): callers do it once per content group, never per reader. The reader's own
 * links stay as READER_PLACEHOLDERS for personalise-message.ts to fill.
 */
export async function renderDigest(content: DigestContent, templates: DigestTemplates): Promise<RenderedDigest> {
  const top = content.papers[0];
  if (!top) throw new Error("a digest needs at least one paper");
  const dateLabel = formatDate(content.editionDate);
  const count = content.papers.length;
  const subject = truncate(count > 1 ? `${top.title} — and ${count - 1} more trending papers` : top.title, 140);
  const heading = `${count} trending paper${count > 1 ? "s" : ""} for ${dateLabel}`;
  const intro = content.isFallback || content.topics.length === 0
    ? "The papers the research community is upvoting on Hugging Face Daily Papers, best first."
    : `Trending papers that match your topics: ${content.topics.join(", ")}.`;
  const topicNote = content.isFallback
    ? `Nothing new matched your topics (${content.topics.join(", ")}) today, so here is the general list.`
    : "";
  const preheader = truncate(`${top.title}: ${shorten(top.aiSummary ?? top.abstract, 120)}`, 150);
  const common = { subject, preheader, heading, intro, viewUrl: content.viewUrl, archiveUrl: content.archiveUrl, postalAddress: content.postalAddress };

  const cards = content.papers.map((paper) => fillTemplate(templates.cardMjml, cardValues(paper, "html"), escapeHtml)).join("\n");
  const mjml = fillTemplate(templates.layoutMjml, {
    cards,
    header: fillTemplate(templates.headerMjml, { ...common, topicNote: topicNote ? `<mj-text font-size="14px" color="#92400e" padding="12px 0 0">${escapeHtml(topicNote)}</mj-text>` : "" }, escapeHtml),
    footer: fillTemplate(templates.footerMjml, common, escapeHtml),
    ...common,
  }, escapeHtml);
  // No web fonts: MJML would link Google Fonts for Roboto, which costs bytes and tells a third
  // party who opened the email.
  const compiled = await mjml2html(mjml, { validationLevel: "strict", minify: true, minifyOptions: { minifyCss: false }, fonts: {} });
  if (compiled.errors.length > 0) throw new Error(`MJML: ${compiled.errors.map((e) => e.formattedMessage).join("; ")}`);

  const textCards = content.papers.map((paper) => fillTemplate(templates.cardText, cardValues(paper, "text"), escapeText)).join("");
  const text = fillTemplate(templates.layoutText, { ...common, topicNote: topicNote ? `\n${wrap(topicNote)}\n` : "", cards: textCards }, escapeText);
  return { subject, preheader, html: compiled.html, text };
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

function formatDate(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric", year: "numeric" });
}
