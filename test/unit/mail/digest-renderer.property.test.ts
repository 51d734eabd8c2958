import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createDigestRenderer } from "../../../src/mail/digest-renderer.ts";
import type { DigestContent, PaperCard } from "../../../src/mail/digest-content.ts";
import { loadDigestTemplates, type DigestTemplates } from "../../../src/mail/digest-templates.io.ts";

let templates: DigestTemplates;
beforeAll(async () => {
  templates = await loadDigestTemplates();
});

// A pool of cards as varied as real ones: with and without summary, links, thumbnail, hostile text.
const POOL: PaperCard[] = Array.from({ length: 12 }, (_, i) => ({
  title: i === 3 ? `<b>"Q&A"</b> %%unsubscribe_url%% pwvaluesubjectpwend` : `Paper ${i}`,
  authors: i % 4 === 0 ? [] : [`Author ${i}`, "Ada Lovelace"],
  abstract: `Abstract of paper ${i}. `.repeat(1 + (i % 3)),
  aiSummary: i % 3 === 0 ? `Summary ${i} <script>` : null,
  aiKeywords: i % 2 === 0 ? ["agents", `kw${i}`] : [],
  commentCount: i % 5 === 0 ? i : null,
  rank: i % 6 === 0 ? null : i + 1,
  trendDay: i % 6 === 0 ? null : `2026-07-0${1 + (i % 7)}`,
  upvotes: i % 2 === 0 ? 10 * i : null,
  pageUrl: i % 7 === 6 ? null : `https://huggingface.co/papers/2607.0${1000 + i}`,
  pdfUrl: i % 7 === 6 ? null : `https://arxiv.org/pdf/2607.0${1000 + i}`,
  codeUrl: i % 3 === 1 ? `https://github.com/lab/repo${i}` : null,
  codeStars: i % 3 === 1 ? 100 * i : null,
  projectUrl: i % 4 === 1 ? `https://lab.example/p${i}?a=1&b=2` : null,
  thumbnailUrl: i % 2 === 1 ? `https://cdn.example/t${i}.png` : null,
}));

const digestArbitrary = fc.record({
  cards: fc.uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { minLength: 1, maxLength: 10 }),
  topics: fc.constantFrom<string[]>([], ["agents"], ["diffusion & <b>", "%%"]),
  isFallback: fc.boolean(),
  ranking: fc.constantFrom<"trending" | "momentum">("trending", "momentum"),
  viewId: fc.stringMatching(/^[A-Za-z0-9_-]{4,22}$/),
});

const toContent = (d: { cards: number[]; topics: string[]; isFallback: boolean; ranking: "trending" | "momentum"; viewId: string }): DigestContent => ({
  editionDate: "2026-07-08", papers: d.cards.map((i) => POOL[i]!), topics: d.topics, isFallback: d.isFallback && d.topics.length > 0, ranking: d.ranking,
  viewUrl: `https://paperwire.example/digests/${d.viewId}`, archiveUrl: "https://paperwire.example/archive", postalAddress: "1 Example Street <Suite \"A\">",
});

describe("digest renderer", () => {
  it("gives the same bytes from compiled cards as a fresh renderer compiling the whole digest, whatever came before", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(digestArbitrary, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }), async (digests, cardsKept) => {
        // A small memo too, so cards are evicted and compiled again along the way.
        const warm = createDigestRenderer(templates, { cardsKept });
        for (const digest of digests) {
          const content = toContent(digest);
          const reused = await warm.render(content);
          const fresh = await createDigestRenderer(templates).render(content);
          expect(reused).toEqual(fresh);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("puts every card in, in order, and every layout value escaped", async () => {
    const content = toContent({ cards: [3, 1, 0], topics: ["diffusion & <b>", "%%"], isFallback: true, ranking: "trending", viewId: "abcd" });
    const { html } = await createDigestRenderer(templates).render(content);
    const at = (text: string) => html.indexOf(text);
    expect(at("&lt;b&gt;&quot;Q&amp;A&quot;&lt;/b&gt;")).toBeGreaterThan(0);
    expect(at("&lt;b&gt;&quot;Q&amp;A&quot;&lt;/b&gt;")).toBeLessThan(at(">Paper 1<"));
    expect(at(">Paper 1<")).toBeLessThan(at(">Paper 0<"));
    expect(html).toContain("Nothing new matched your topics (diffusion &amp; &lt;b&gt;, &#37;&#37;)");
    expect(html).toContain("1 Example Street &lt;Suite &quot;A&quot;&gt;");
    expect(html).toContain('href="https://paperwire.example/digests/abcd"');
    // Neither the renderer's markers nor its stand-ins are left in the output, and data never
    // turns into one (the hostile title spells a stand-in and stays text).
    expect(html).not.toMatch(/pw-card:/);
    // The title is in the <title>, the article's label, the preheader and its card: four times.
    expect(html.match(/pwvalue\w+pwend/g)).toEqual(Array(4).fill("pwvaluesubjectpwend"));
    expect(html.split("%%unsubscribe_url%%")).toHaveLength(2);
  });
});
