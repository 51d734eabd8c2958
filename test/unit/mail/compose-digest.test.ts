import { beforeAll, describe, expect, it } from "vitest";
import { loadDigestTemplates, type DigestTemplates } from "../../../src/mail/digest-templates.io.ts";
import { createDigestRenderer } from "../../../src/mail/digest-renderer.ts";
import type { DigestContent, PaperCard } from "../../../src/mail/digest-content.ts";

let templates: DigestTemplates;
beforeAll(async () => {
  templates = await loadDigestTemplates();
});

// A fresh renderer: the whole digest compiled in one go (digest-renderer.test.ts covers reuse).
const renderDigest = (c: DigestContent, t: DigestTemplates) => createDigestRenderer(t).render(c);

const card = (overrides: Partial<PaperCard>): PaperCard => ({
  title: "A paper", authors: ["Ada Lovelace"], abstract: "An abstract.", aiSummary: null, aiKeywords: [], commentCount: null, rank: 1, trendDay: "2026-07-03",
  upvotes: null, pageUrl: "https://huggingface.co/papers/2607.00001", pdfUrl: "https://arxiv.org/pdf/2607.00001",
  codeUrl: null, codeStars: null, projectUrl: null, thumbnailUrl: null, ...overrides,
});

const content = (papers: PaperCard[], overrides: Partial<DigestContent> = {}): DigestContent => ({
  editionDate: "2026-11-24", papers, topics: [], isFallback: false, ranking: "trending", viewUrl: "https://paperwire.example/digests/1-abc",
  archiveUrl: "https://paperwire.example/archive", postalAddress: "1 Example Street", ...overrides,
});

const HOSTILE: [string, string][] = [
  ["script", `<script>alert("x")</script> & friends`],
  ["mjml tags", `</mj-text></mj-column></mj-section><mj-raw><b>raw</b></mj-raw>`],
  ["attribute breakout", `" onmouseover="alert(1)" data-x='`],
  ["emoji", "Scaling 🚀 laws for 🤗 models ✨"],
  ["right-to-left", "נמר שאומן מראש على نماذج اللغة \u202Eevil\u202C"],
  ["placeholder lookalike", "%%unsubscribe_url%% and {{subject}} and {{{cards}}}"],
];

describe("renderDigest", () => {
  it.each(HOSTILE)("escapes %s in titles, authors and abstracts, and keeps the text part literal", async (_name, hostile) => {
    const rendered = await renderDigest(
      content([card({ title: hostile, authors: [hostile], abstract: hostile }), card({ title: "Second" })], { topics: [hostile] }),
      templates,
    );
    expect(rendered.html).not.toContain("<script>");
    expect(rendered.html).not.toContain("<mj-");
    expect(rendered.html).not.toContain(`onmouseover="alert(1)"`);
    expect(rendered.html).not.toContain("<b>raw</b>");
    // Data never becomes a placeholder: the reader-link placeholders appear only where the footer puts them.
    expect(rendered.html.split("%%unsubscribe_url%%")).toHaveLength(2);
    expect(rendered.text.split("%%unsubscribe_url%%")).toHaveLength(2);
    expect(rendered.text.replace(/\s+/g, " ")).toContain(hostile.replace(/\s+/g, " ").replace("%%unsubscribe_url%%", "").trim().slice(0, 12));
    expect(rendered.subject.startsWith(hostile.slice(0, 20))).toBe(true);
  });

  it("shows votes, code stars and project links only where the data has them", async () => {
    const rendered = await renderDigest(
      content([card({ title: "Rich", upvotes: 42, codeUrl: "https://github.com/a/b", codeStars: 1234, projectUrl: "https://a.example" }), card({ title: "Bare", pageUrl: null, pdfUrl: null, authors: [], rank: null })]),
      templates,
    );
    expect(rendered.html).toContain("▲ 42 upvotes");
    expect(rendered.html).toContain("Code ★ 1234");
    expect(rendered.text).toContain("Project: https://a.example");
    expect(rendered.text).not.toMatch(/^(Code|Project|PDF|Paper):\s*$/m);
    expect(rendered.subject).toBe("Rich — and 1 more trending papers");
  });

  it("keeps a 10-paper email of the richest cards (long texts, thumbnail, code, project, keywords) under 60 KB of HTML", async () => {
    const long = "word ".repeat(400);
    const papers = Array.from({ length: 10 }, (_, i) => card({
      title: `Paper ${i} ${"with a long title ".repeat(5)}`, abstract: long, aiSummary: long, authors: Array.from({ length: 30 }, (_, j) => `Author ${j}`),
      aiKeywords: ["diffusion models", "reinforcement learning", "agents", "benchmarks", "multimodal"], upvotes: 1234, commentCount: 56,
      codeUrl: `https://github.com/some-lab/some-long-repository-name-${i}`, codeStars: 12345, projectUrl: `https://some-lab.github.io/project-${i}/`,
      thumbnailUrl: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.0${1000 + i}.png`,
    }));
    const rendered = await renderDigest(content(papers), templates);
    expect(Buffer.byteLength(rendered.html)).toBeLessThan(60_000);
  });
});

describe("the footer", () => {
  it("links the public archive in the HTML and the text part, next to the reader's own links", async () => {
    const rendered = await renderDigest(content([card({})], { archiveUrl: "https://paperwire.example/archive?from=mail&x=1" }), templates);
    const footer = rendered.html.slice(rendered.html.indexOf("%%preferences_url%%"));
    expect(footer).toMatch(/<a href="https:\/\/paperwire\.example\/archive\?from=mail&amp;x=1"[^>]*>Past editions<\/a>/);
    expect(footer).toContain("%%unsubscribe_url%%");
    expect(rendered.text).toMatch(/^Past editions: https:\/\/paperwire\.example\/archive\?from=mail&x=1$/m);
  });
});

describe("papers known only by their title", () => {
  it("link the title and a 'Find on arXiv' search instead of leaving empty links", async () => {
    const rendered = await renderDigest(content([card({ title: "Q* & search", pageUrl: null, pdfUrl: null })]), templates);
    const search = "https://arxiv.org/search/?searchtype=title&amp;query=Q*%20%26%20search".replace(/%/g, "&#37;");
    expect(rendered.html).toContain(`href="${search}"`);
    expect(rendered.html).toContain(">Find on arXiv</a>");
    expect(rendered.html).not.toContain('href=""');
    expect(rendered.text).toContain("Find on arXiv: https://arxiv.org/search/?searchtype=title&query=Q*%20%26%20search");
  });
});

describe("rich cards", () => {
  it("show the AI summary as the short text with the abstract one click away, keywords and comments, in both parts", async () => {
    const rendered = await renderDigest(
      content([card({ title: "Rich card", abstract: "The long abstract.", aiSummary: "A one-line summary.", aiKeywords: ["diffusion", "agents"], commentCount: 3 })]),
      templates,
    );
    expect(rendered.html).toContain("A one-line summary.");
    expect(rendered.html).not.toContain("The long abstract.");
    expect(rendered.html).toContain(">Abstract</a>");
    expect(rendered.html).toContain("diffusion · agents");
    expect(rendered.html).toContain("3 comments");
    expect(rendered.text).toContain("Abstract: https://huggingface.co/papers/2607.00001");
    expect(rendered.text).toContain("Keywords: diffusion · agents");
  });
});

describe("thumbnails", () => {
  it("show as a small linked picture above the card where the paper has one, and only in the HTML", async () => {
    const rendered = await renderDigest(
      content([card({ title: "Pictured", thumbnailUrl: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.00001.png" }), card({ title: "Plain" })]),
      templates,
    );
    expect(rendered.html.match(/<img [^>]*src="https:\/\/cdn-thumbnails\.huggingface\.co[^"]*"/g)).toHaveLength(1);
    expect(rendered.html).toMatch(/<a href="https:\/\/huggingface\.co\/papers\/2607\.00001"[^>]*><img [^>]*alt[ =>]/);
    expect(rendered.text).not.toContain("cdn-thumbnails");
  });

  it("escape a hostile thumbnail address", async () => {
    const rendered = await renderDigest(content([card({ thumbnailUrl: `https://x.example/a.png" onerror="alert(1)` })]), templates);
    expect(rendered.html).not.toContain(`onerror="alert(1)"`);
    expect(rendered.html).toContain("a.png&quot; onerror=&quot;alert(1)");
  });
});

describe("momentum", () => {
  it("says the list is ranked by upvotes gained since the last email, with the reader's topics when they matched", async () => {
    const plain = await renderDigest(content([card({})], { ranking: "momentum" }), templates);
    expect(plain.html).toContain("Ranked by momentum: the papers that gained the most upvotes on Hugging Face Daily Papers since your last email.");
    expect(plain.text).toContain("Ranked by momentum");
    const topical = await renderDigest(content([card({})], { ranking: "momentum", topics: ["agents"] }), templates);
    expect(topical.text.replace(/\s+/g, " ")).toContain("since your last email, among those that match your topics: agents.");
    const trending = await renderDigest(content([card({})]), templates);
    expect(trending.html).not.toContain("momentum");
  });
});
