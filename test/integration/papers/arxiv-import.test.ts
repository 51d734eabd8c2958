import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createArxivSource } from "../../../src/papers/arxiv-feed.io.ts";
import { createHfDailyPapersSource } from "../../../src/papers/hf-daily-papers.io.ts";
import { runImport } from "../../../src/papers/import-papers.ts";
import { loadSamplePapers } from "../../../src/papers/sample-papers.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { startFixtureServer, type FixtureServer } from "./fixture-server.ts";

const log = createLogger({ level: "silent", name: "test" });
const HTTP = { timeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 1 } };
let t: TestDatabase;
let server: FixtureServer;

beforeAll(async () => {
  [t, server] = await Promise.all([createTestDatabase(), startFixtureServer()]);
});
afterAll(async () => {
  await Promise.all([t.drop(), server.close()]);
});
beforeEach(async () => {
  await t.db.$executeRaw`TRUNCATE papers, import_runs RESTART IDENTITY CASCADE`;
});

function importCategory(mode: Parameters<FixtureServer["url"]>[0] = "ok") {
  const source = createArxivSource({ ...HTTP, baseUrl: server.url(mode), category: "cs.LG", max: 25 });
  return runImport({ db: t.db, log, source });
}

describe("arXiv import", () => {
  it("stores the feed's entries as papers without trend rows", async () => {
    const result = await importCategory();
    expect(result).toMatchObject({ status: "succeeded", source: "arxiv", target: "cat:cs.LG max=25" });
    expect(result.counts).toEqual({ new: 4, updated: 0, unchanged: 0, skipped: 0, failed: 1 });
    expect(result.failures).toEqual([{ item: "entry #5", reason: expect.stringMatching(/^id: /) }]);
    expect(server.requests).toContain("/ok/api/query?search_query=cat%3Acs.LG&sortBy=submittedDate&sortOrder=descending&start=0&max_results=25");

    const papers = await t.db.paper.findMany({ orderBy: { arxivId: "asc" } });
    expect(papers.map((p) => p.arxivId)).toEqual(["2407.00004", "2407.00011", "2407.00012", "math.OC/0601001"]);
    expect(papers[0]).toMatchObject({
      title: "Faster Algorithms for Text-to-Pattern Hamming Distances",
      authors: ["Ada Example", "Ben Sample"],
      categories: ["cs.DS", "cs.LG"],
      pageUrl: "http://arxiv.org/abs/2407.00004v2",
      pdfUrl: "http://arxiv.org/pdf/2407.00004v2",
      publishedAt: new Date("2026-07-01T17:59:59Z"),
      source: "arxiv",
    });
    expect(papers[0]!.abstract).toMatch(/^We study the classic Text-to-Pattern Hamming Distances problem: given a pattern P of length m/);
    expect(papers[0]!.abstract).not.toMatch(/\n| {2}/);
    expect(await t.db.paperTrend.count()).toBe(0);
    expect(await t.db.voteSnapshot.count()).toBe(0);
  });

  it("finds nothing to change on a second run", async () => {
    await importCategory();
    const again = await importCategory();
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 4, skipped: 0, failed: 1 });
    expect(await t.db.paper.count()).toBe(4);
  });

  it("attaches the id to a paper known by its title from the topic page", async () => {
    await loadSamplePapers({ db: t.db, log, now: new Date("2026-11-24T00:00:00Z") });
    const seeded = await t.db.paper.findFirstOrThrow({ where: { titleKey: "fosi: hybrid first and second order optimization" } });
    const result = await importCategory();
    // Four entries match seed titles (FOSI, Faster Algorithms, SPRIGHT, Polynomial Preconditioning).
    expect(result.counts).toMatchObject({ new: 0, updated: 4 });
    expect(await t.db.paper.count()).toBe(236);
    expect(await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00012" } })).toMatchObject({
      id: seeded.id, source: "arxiv", authors: ["Ada Example", "Ben Sample"], categories: ["cs.LG"],
    });
  });

  it("only fills gaps in a paper that HF described", async () => {
    const hf = createHfDailyPapersSource({ ...HTTP, baseUrl: server.url("ok"), day: "2026-07-03" });
    await runImport({ db: t.db, log, source: hf });
    const result = await importCategory();
    expect(result.counts).toMatchObject({ new: 3, updated: 1 });
    expect(await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00004" } })).toMatchObject({
      source: "huggingface",
      pageUrl: "https://huggingface.co/papers/2407.00004",
      categories: ["cs.DS", "cs.LG"],
    });
    expect(await importCategory().then((r) => r.counts)).toMatchObject({ new: 0, updated: 0, unchanged: 4 });
  });

  it("marks the run failed on a cut-off feed", async () => {
    const result = await importCategory("broken");
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/^arXiv response is not well-formed XML/);
    expect(await t.db.paper.count()).toBe(0);
  });

  it("marks the run failed with the API's own message when it refuses the query", async () => {
    const result = await importCategory("error");
    expect(result).toMatchObject({ status: "failed", error: "arXiv API refused the query: max_results must be non-negative" });
  });
});
