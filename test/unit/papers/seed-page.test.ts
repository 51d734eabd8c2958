import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSeedBatch } from "../../../src/papers/seed-page.ts";
import { SourceError } from "../../../src/papers/source-error.ts";

const PAGES = path.resolve(import.meta.dirname, "../../../prisma/seed/pages");
const REFERENCE = new Date("2026-11-24T12:00:00Z");
const parsePage = (name: string) => buildSeedBatch(name, readFileSync(path.join(PAGES, name), "utf8"), REFERENCE);

describe("buildSeedBatch on the captured pages", () => {
  it.each([
    ["000_3ade7c630ac97256.txt", 48, "2026-07-03",
      "A* Search Without Expansions: Learning Heuristic Functions with Deep Q-Networks",
      "Cross-Entropy Loss Functions: Theoretical Analysis and Applications"],
    ["001_2751071db4bc2508.txt", 64, "2026-03-18",
      "HiP Attention: Sparse Sub-Quadratic Attention with Hierarchical Attention Pruning",
      "Learning Rates as a Function of Batch Size: A Random Matrix Theory Approach to Neural Network Training"],
    ["002_053cca7238e21993.txt", 50, "2026-03-11",
      "The Two-Pass Softmax Algorithm",
      "From Robustness to Privacy and Back"],
    ["003_9f5bc549edfdfdd4.txt", 119, null,
      "The Power of First-Order Smooth Optimization for Black-Box Non-Smooth Problems",
      "A Language for Function Signature Representations"],
  ])("%s: %i papers on %s, first and last in page order", (name, count, day, first, last) => {
    const batch = parsePage(name);
    expect(batch.failures).toEqual([]);
    expect(batch.day).toBe(day);
    expect(batch.papers).toHaveLength(count);
    expect(batch.papers[0]!.title).toBe(first);
    expect(batch.papers.at(-1)!.title).toBe(last);
    expect(batch.papers.map((p) => p.trend)).toEqual(
      batch.papers.map((_, index) => (day ? { day, rank: index + 1, upvotes: null } : null)),
    );
    for (const paper of batch.papers) {
      expect(paper).toMatchObject({ arxivId: null, authors: [], pageUrl: null, aiKeywords: [], commentCount: null });
      expect(paper.abstract.length).toBeGreaterThan(600);
      expect(paper.title.length).toBeLessThan(150);
    }
  });

  it("splits the first title of the topic page off the glued Subscribe button", () => {
    const [first] = parsePage("003_9f5bc549edfdfdd4.txt").papers;
    expect(first!.title).not.toMatch(/Subscribe/);
    expect(first!.abstract).toMatch(/^Gradient-free\/zeroth-order methods for black-box convex optimization/);
  });

  it("keeps non-ASCII titles as captured", () => {
    const titles = parsePage("002_053cca7238e21993.txt").papers.map((p) => p.title);
    expect(titles[16]).toBe("Light Schrödinger Bridge");
  });
});

describe("buildSeedBatch on odd pages", () => {
  const header = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n";

  it("reads CRLF, a BOM, repeated blank lines and trailing spaces", () => {
    const text = `\uFEFF${header}Mar 18  \r\n\r\n\r\nFirst  title \r\n\r\nFirst abstract.\r\n   \r\nSecond title\r\nSecond abstract.\r\n\r\n\r\n`;
    const batch = buildSeedBatch("odd.txt", text, REFERENCE);
    expect(batch.day).toBe("2026-03-18");
    expect(batch.papers.map((p) => [p.title, p.abstract, p.trend?.rank])).toEqual([
      ["First title", "First abstract.", 1],
      ["Second title", "Second abstract.", 2],
    ]);
  });

  it("reports a title left without an abstract instead of inventing one", () => {
    const batch = buildSeedBatch("cut.txt", `${header}Jul 3\n\nA title\n\nAn abstract.\n\nA dangling title\n`, REFERENCE);
    expect(batch.papers).toHaveLength(1);
    expect(batch.failures).toEqual([{ item: "cut.txt #2", reason: "title without an abstract at the end of the page" }]);
  });

  it("refuses a title or abstract beyond the limits, keeping the others' ranks", () => {
    const text = `${header}Jul 3\n\n${"T".repeat(1_001)}\n\nAbstract.\n\nTitle\n\n${"a".repeat(20_001)}\n\nKept\n\nAbstract.\n`;
    const batch = buildSeedBatch("huge.txt", text, REFERENCE);
    expect(batch.failures.map((f) => f.reason)).toEqual(["title longer than 1000 characters", "abstract longer than 20000 characters"]);
    expect(batch.papers.map((p) => [p.title, p.trend?.rank])).toEqual([["Kept", 3]]);
  });

  it("does not take a title starting with Subscribe for the button", () => {
    const batch = buildSeedBatch("topic.txt", "Get trending papers in your email inbox!\nSubscribers Matter\nAn abstract.\n", REFERENCE);
    expect(batch.papers.map((p) => p.title)).toEqual(["Subscribers Matter"]);
  });

  it("reads a page with nothing below the header as empty", () => {
    expect(buildSeedBatch("empty.txt", header, REFERENCE)).toEqual({ day: null, papers: [], failures: [], skipped: [] });
  });

  it("refuses a date line that names no real day", () => {
    expect(() => buildSeedBatch("bad.txt", `${header}Feb 30\n\nTitle\n\nAbstract.\n`, REFERENCE)).toThrow(SourceError);
  });
});
