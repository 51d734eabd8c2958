import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import type { ArchiveEdition } from "../../../src/digest/archive-edition.ts";
import { buildJsonFeed, buildRssFeed } from "../../../src/http/edition-feeds.ts";
import type { PaperCard } from "../../../src/mail/digest-content.ts";

const SITE = "https://paperwire.example";
// Markup, a CDATA terminator, entities, a control character XML forbids, and a lone surrogate.
const HOSTILE = `<script>alert("x")</script> ]]> &amp; 'q' \u0007bell \uD800 🤗`;

const card = (overrides: Partial<PaperCard>): PaperCard => ({
  title: "A paper", authors: ["Ada Lovelace"], abstract: "An abstract.", aiSummary: null, aiKeywords: [], commentCount: null, rank: 1, trendDay: "2026-11-23",
  upvotes: 3, pageUrl: "https://huggingface.co/papers/2611.00001", pdfUrl: null, codeUrl: null, codeStars: null, projectUrl: null, thumbnailUrl: null, ...overrides,
});

const editions: ArchiveEdition[] = [
  { editionId: 2, date: "2026-11-24", publishedAt: new Date("2026-11-23T10:00:00Z"), papers: [card({ title: HOSTILE, authors: [HOSTILE], abstract: HOSTILE, pageUrl: `https://x.example/?a=1&b="2"` }), card({ title: "Second" })] },
  { editionId: 1, date: "2026-11-23", publishedAt: new Date("2026-11-22T10:00:00Z"), papers: [card({ title: "Only one", pageUrl: null })] },
];

describe("buildRssFeed", () => {
  it("is well-formed XML a strict parser reads back, hostile text intact but for characters XML forbids", async () => {
    const xml = buildRssFeed(editions, SITE);
    expect(xml).not.toContain("\u0007");
    expect(xml).not.toContain("\uD800");
    const feed = await new Parser().parseString(xml);
    expect(feed.items).toHaveLength(2);
    const [first, second] = feed.items;
    expect(first!.title).toBe(`Tue, Nov 24, 2026: ${HOSTILE.replace("\u0007", "").replace("\uD800", "")}, and 1 more`);
    expect(first!.link).toBe(`${SITE}/archive/2026-11-24`);
    expect(first!.guid).toBe(`${SITE}/archive/2026-11-24`);
    expect(first!.pubDate).toBe("Mon, 23 Nov 2026 10:00:00 GMT");
    // The item's HTML arrives as HTML: the hostile text inside it is still escaped once.
    expect(first!.content).toContain("&lt;script&gt;");
    expect(first!.content).not.toContain("<script>");
    expect(first!.content).toContain(`href="https://x.example/?a=1&amp;b=&quot;2&quot;"`);
    expect(second!.title).toBe("Mon, Nov 23, 2026: Only one");
    // A paper without a page links to the edition itself.
    expect(second!.content).toContain(`href="${SITE}/archive/2026-11-23"`);
    expect(xml).toContain('<guid isPermaLink="true">');
    expect(xml).toContain(`<atom:link href="${SITE}/feed.xml" rel="self" type="application/rss+xml">`);
  });

  it("is a valid feed with no items when nothing is published yet", async () => {
    const feed = await new Parser().parseString(buildRssFeed([], SITE));
    expect(feed.items).toEqual([]);
    expect(feed.link).toBe(`${SITE}/archive`);
  });
});

describe("buildJsonFeed", () => {
  it("keeps hostile text as data and escapes it inside content_html", () => {
    const feed = JSON.parse(buildJsonFeed(editions, SITE));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items[0].title.startsWith("Tue, Nov 24, 2026: <script>")).toBe(true);
    expect(feed.items[0].content_html).not.toContain("<script>");
    expect(feed.items[0].date_published).toBe("2026-11-23T10:00:00.000Z");
  });
});
