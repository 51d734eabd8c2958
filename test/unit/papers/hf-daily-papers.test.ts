import { describe, expect, it } from "vitest";
import { buildHfBatch } from "../../../src/papers/hf-daily-papers.ts";
import { SourceError } from "../../../src/papers/source-error.ts";

const DAY = "2026-07-03";
const TITLE = "Forward Learning of Graph Neural Networks";
const ABSTRACT = "Graph neural networks (GNNs) have achieved remarkable success across a wide range of applications.";

const fullItem = {
  title: TITLE,
  summary: ABSTRACT,
  thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2407.00002.png",
  numComments: 3,
  publishedAt: "2026-07-01T17:59:59.000Z",
  submittedBy: { name: "someone", avatarUrl: 42 },
  paper: {
    id: "2407.00002",
    title: TITLE,
    summary: ABSTRACT,
    authors: [{ name: "Ada  Example", _id: "x", hidden: false }, { name: " " }, { name: "Ben Sample" }],
    upvotes: 35,
    ai_summary: "  Trains GNNs without backpropagation. ",
    ai_keywords: ["graph neural networks", " forward learning "],
    githubRepo: "https://github.com/example/forward-gnn",
    githubStars: 12,
    projectPage: "https://example.org/forward",
    submittedOnDailyAt: "2026-07-02T08:00:00.000Z",
    withdrawnAt: null,
  },
};

const batchOf = (items: unknown[]) => buildHfBatch(JSON.stringify(items), DAY);
const withPaper = (paper: Record<string, unknown>) => ({ ...fullItem, paper: { ...fullItem.paper, ...paper } });

describe("buildHfBatch", () => {
  it("normalises a complete item, its links and the day's rank", () => {
    const batch = batchOf([fullItem]);
    expect(batch).toMatchObject({ failures: [], skipped: [] });
    expect(batch.papers).toEqual([
      {
        arxivId: "2407.00002",
        title: TITLE,
        authors: ["Ada Example", "Ben Sample"],
        abstract: ABSTRACT,
        publishedAt: new Date("2026-07-01T17:59:59.000Z"),
        categories: [],
        pageUrl: "https://huggingface.co/papers/2407.00002",
        pdfUrl: "https://arxiv.org/pdf/2407.00002",
        codeUrl: "https://github.com/example/forward-gnn",
        codeStars: 12,
        projectUrl: "https://example.org/forward",
        thumbnailUrl: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2407.00002.png",
        aiSummary: "Trains GNNs without backpropagation.",
        aiKeywords: ["graph neural networks", "forward learning"],
        commentCount: 3,
        trend: { day: DAY, rank: 1, upvotes: 35 },
      },
    ]);
  });

  it("needs only the id and a title; the rest stays empty", () => {
    const [paper] = batchOf([{ paper: { id: "2407.00005", title: "Only\n a   title" } }]).papers;
    expect(paper).toMatchObject({
      arxivId: "2407.00005", title: "Only a title", authors: [], abstract: "", publishedAt: null, codeUrl: null,
      codeStars: null, projectUrl: null, thumbnailUrl: null, aiSummary: null, aiKeywords: [], commentCount: null,
      trend: { day: DAY, rank: 1, upvotes: null },
    });
  });

  it("takes the outer title and summary when the paper lacks them, and reads null or empty as missing", () => {
    const item = { title: TITLE, summary: ABSTRACT, thumbnail: "", numComments: null, paper: { id: "2407.00002", githubRepo: null, projectPage: "" } };
    const [paper] = batchOf([item]).papers;
    expect(paper).toMatchObject({ title: TITLE, abstract: ABSTRACT, thumbnailUrl: null, codeUrl: null, projectUrl: null });
  });

  it("refuses items without an id or title, keeping the others at their rank", () => {
    const batch = batchOf([
      { paper: { title: TITLE } },
      { title: "", paper: { id: "2407.00002", summary: ABSTRACT } },
      { paper: { id: "not-an-id", title: TITLE } },
      fullItem,
    ]);
    expect(batch.failures).toEqual([
      { item: "2026-07-03 #1", reason: "paper.id: Invalid input: expected string, received undefined" },
      { item: "2026-07-03 #2 2407.00002", reason: "missing title" },
      { item: "2026-07-03 #3 not-an-id", reason: "paper.id is not an arXiv id" },
    ]);
    expect(batch.papers.map((p) => p.trend?.rank)).toEqual([4]);
  });

  it("refuses wrong types with the offending fields named", () => {
    const batch = batchOf([
      withPaper({ upvotes: "35" }),
      withPaper({ authors: "Ada Example" }),
      withPaper({ githubStars: -1 }),
      { ...fullItem, numComments: 2.5 },
      withPaper({ id: 2407.00002 }),
      withPaper({ publishedAt: "yesterday" }),
      null,
      "2407.00002",
    ]);
    expect(batch.papers).toEqual([]);
    expect(batch.failures.map((f) => f.reason.split(":")[0])).toEqual([
      "paper.upvotes", "paper.authors", "paper.githubStars", "numComments", "paper.id", "paper.publishedAt", "item", "item",
    ]);
  });

  it("refuses links that are not http(s), since they end up in emails", () => {
    const batch = batchOf([withPaper({ githubRepo: "javascript:alert(1)" }), withPaper({ projectPage: "data:text/html,x" })]);
    expect(batch.failures.map((f) => f.reason.split(":")[0])).toEqual(["paper.githubRepo", "paper.projectPage"]);
  });

  it("refuses huge strings without echoing them", () => {
    const batch = batchOf([
      withPaper({ title: "T".repeat(1_001) }),
      withPaper({ summary: "a".repeat(20_001) }),
      withPaper({ authors: [{ name: "N".repeat(301) }] }),
      withPaper({ id: "9".repeat(10_000) }),
    ]);
    expect(batch.failures.map((f) => f.reason)).toEqual([
      "paper.title: longer than 1000 characters",
      "paper.summary: longer than 20000 characters",
      "paper.authors.0.name: longer than 300 characters",
      "paper.id: Too big: expected string to have <=64 characters",
    ]);
    expect(batch.failures.every((f) => f.item.length < 100)).toBe(true);
  });

  it("skips withdrawn papers with the reason", () => {
    const batch = batchOf([withPaper({ withdrawnAt: "2026-07-03T10:00:00.000Z" })]);
    expect(batch.papers).toEqual([]);
    expect(batch.skipped).toEqual([{ item: "2026-07-03 #1 2407.00002", reason: "withdrawn on 2026-07-03T10:00:00.000Z" }]);
  });

  it("throws SourceError for a body that is not a JSON array", () => {
    expect(() => buildHfBatch('[{"paper": {"id": "2407.0', DAY)).toThrow(SourceError);
    expect(() => buildHfBatch('[{"paper": {"id": "2407.0', DAY)).toThrow(/^daily papers response is not JSON/);
    expect(() => buildHfBatch('{"error": "Invalid date"}', DAY)).toThrow("daily papers response is not a JSON array");
    expect(() => buildHfBatch("<html>502 Bad Gateway</html>", DAY)).toThrow(SourceError);
  });

  it("reads an empty day as no papers", () => {
    expect(buildHfBatch("[]", DAY)).toEqual({ papers: [], failures: [], skipped: [] });
  });
});
