import { XMLBuilder } from "fast-xml-parser";
import { computeLastPublished, formatEditionDate, type ArchiveEdition } from "../digest/archive-edition.ts";
import type { PaperCard } from "../mail/digest-content.ts";
import { html } from "./pages/html.ts";

const FEED_TITLE = "paperwire: trending research papers";
const FEED_DESCRIPTION = "Each day's ten research papers the community is upvoting most on Hugging Face Daily Papers.";
const SUMMARY_CHARS = 280;
const MAX_AUTHORS = 4;

// XML 1.0 §2.2: these code points may not appear in a document at all, not even as references.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // isPermaLink="true" must keep its value; a bare attribute is not XML.
  suppressBooleanAttributes: false,
  format: true,
});

/**
 * RSS 2.0 of the editions, newest first. Item HTML goes in escaped (the builder escapes every
 * text and attribute); atom:link rel="self" is the RSS Advisory Board's recommendation.
 */
export function buildRssFeed(editions: readonly ArchiveEdition[], publicUrl: string): string {
  const newest = computeLastPublished(editions);
  const channel = {
    title: FEED_TITLE,
    link: `${publicUrl}/archive`,
    description: FEED_DESCRIPTION,
    language: "en",
    ...(newest ? { lastBuildDate: newest.toUTCString() } : {}),
    "atom:link": { "@_href": `${publicUrl}/feed.xml`, "@_rel": "self", "@_type": "application/rss+xml" },
    item: editions.map((edition) => {
      const url = editionUrl(edition, publicUrl);
      return {
        title: buildItemTitle(edition),
        link: url,
        guid: { "#text": url, "@_isPermaLink": "true" },
        // RSS 2.0 wants RFC 822 dates; toUTCString writes RFC 1123's four-digit-year form of it.
        pubDate: edition.publishedAt.toUTCString(),
        description: buildItemHtml(edition, url),
      };
    }),
  };
  const xml: string = xmlBuilder.build({ rss: { "@_version": "2.0", "@_xmlns:atom": "http://www.w3.org/2005/Atom", channel } });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace(NOT_XML_CHAR, "")}`;
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the editions, newest first. */
export function buildJsonFeed(editions: readonly ArchiveEdition[], publicUrl: string): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: FEED_TITLE,
    home_page_url: `${publicUrl}/archive`,
    feed_url: `${publicUrl}/feed.json`,
    description: FEED_DESCRIPTION,
    language: "en",
    authors: [{ name: "paperwire", url: `${publicUrl}/` }],
    items: editions.map((edition) => {
      const url = editionUrl(edition, publicUrl);
      return {
        id: url,
        url,
        title: buildItemTitle(edition),
        content_html: buildItemHtml(edition, url),
        date_published: edition.publishedAt.toISOString(),
      };
    }),
  });
}

const editionUrl = (edition: ArchiveEdition, publicUrl: string) => `${publicUrl}/archive/${edition.date}`;

function buildItemTitle(edition: ArchiveEdition): string {
  const more = edition.papers.length - 1;
  return `${formatEditionDate(edition.date)}: ${edition.papers[0]?.title ?? ""}${more > 0 ? `, and ${more} more` : ""}`;
}

// A short list, not the email: a feed of 30 whole emails would weigh megabytes.
function buildItemHtml(edition: ArchiveEdition, url: string): string {
  const card = (paper: PaperCard) => {
    const authors = paper.authors.slice(0, MAX_AUTHORS).join(", ") + (paper.authors.length > MAX_AUTHORS ? " et al." : "");
    return html`<li><p><a href="${paper.pageUrl ?? paper.pdfUrl ?? url}"><strong>${paper.title}</strong></a>${authors ? html`<br>${authors}` : null}</p><p>${shorten(paper.aiSummary ?? paper.abstract)}</p></li>`;
  };
  return html`<ol>${edition.papers.map(card)}</ol><p><a href="${url}">Read this edition on paperwire</a></p>`.markup;
}

function shorten(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= SUMMARY_CHARS ? clean : `${clean.slice(0, SUMMARY_CHARS).replace(/\s+\S*$/, "")}…`;
}
