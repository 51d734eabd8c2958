import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadSamplePapers } from "../../../src/papers/sample-papers.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";

const log = createLogger({ level: "silent", name: "test" });
const NOW = new Date("2026-11-24T12:00:00Z");
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  await t.db.$executeRaw`TRUNCATE papers, import_runs RESTART IDENTITY CASCADE`;
});

async function rowCounts() {
  return { papers: await t.db.paper.count(), trends: await t.db.paperTrend.count() };
}

describe("loadSamplePapers", () => {
  it("stores each paper once, with one trend row per dated page it is on", async () => {
    const result = await loadSamplePapers({ db: t.db, log, now: NOW });

    expect(result.runs.map((r) => [r.target, r.status, r.counts.failed])).toEqual([
      ["000_3ade7c630ac97256.txt", "succeeded", 0],
      ["001_2751071db4bc2508.txt", "succeeded", 0],
      ["002_053cca7238e21993.txt", "succeeded", 0],
      ["003_9f5bc549edfdfdd4.txt", "succeeded", 0],
    ]);
    // 281 listings of 236 distinct titles: a repeat on a dated page adds a trend row (updated),
    // a repeat on the undated topic page adds nothing (unchanged).
    expect(result.totals).toEqual({ new: 236, updated: 39, unchanged: 6, skipped: 0, failed: 0 });
    expect(result.paperCount).toBe(236);
    expect(await rowCounts()).toEqual({ papers: 236, trends: 48 + 64 + 50 });

    const days = await t.db.paperTrend.groupBy({ by: ["day"], _count: true, orderBy: { day: "asc" } });
    expect(days.map((d) => [d.day.toISOString().slice(0, 10), d._count])).toEqual([
      ["2026-03-11", 50],
      ["2026-03-18", 64],
      ["2026-07-03", 48],
    ]);
  });

  it("keeps what a page does not say empty and gives topic-page papers no trend", async () => {
    await loadSamplePapers({ db: t.db, log, now: NOW });
    const fosi = await t.db.paper.findFirstOrThrow({ where: { title: "FOSI: Hybrid First and Second Order Optimization" }, include: { trends: true } });
    expect(fosi).toMatchObject({ arxivId: null, authors: [], source: "seed", pageUrl: null, codeStars: null, titleKey: "fosi: hybrid first and second order optimization" });
    expect(fosi.abstract).toMatch(/^Popular machine learning approaches forgo second-order information/);
    expect(fosi.trends).toEqual([]);
    expect(await t.db.voteSnapshot.count()).toBe(0);
  });

  it("gives a paper on three pages one row, three ranks, and the first capture's abstract", async () => {
    await loadSamplePapers({ db: t.db, log, now: NOW });
    const paper = await t.db.paper.findFirstOrThrow({
      where: { titleKey: "learning to relax: setting solver parameters across a sequence of linear system instances" },
      include: { trends: { orderBy: { day: "asc" } } },
    });
    expect(paper.trends.map((tr) => [tr.day.toISOString().slice(0, 10), tr.rank, tr.upvotes])).toEqual([
      ["2026-03-11", 5, null],
      ["2026-03-18", 46, null],
      ["2026-07-03", 7, null],
    ]);
    // Page 000 and page 001 differ by four characters; a capture only fills gaps, so re-runs
    // do not flip the abstract back and forth.
    expect(paper.abstract).toHaveLength(1524);
  });

  it("changes nothing when run again", async () => {
    await loadSamplePapers({ db: t.db, log, now: NOW });
    const before = await rowCounts();
    const again = await loadSamplePapers({ db: t.db, log, now: NOW });
    expect(again.totals).toEqual({ new: 0, updated: 0, unchanged: 281, skipped: 0, failed: 0 });
    expect(await rowCounts()).toEqual(before);
    const runs = await t.db.importRun.findMany({ orderBy: { id: "asc" } });
    expect(runs).toHaveLength(8);
    expect(runs.slice(4).map((r) => [r.source, r.status, r.newCount, r.updatedCount, r.unchangedCount, r.failedCount])).toEqual([
      ["seed", "succeeded", 0, 0, 48, 0],
      ["seed", "succeeded", 0, 0, 64, 0],
      ["seed", "succeeded", 0, 0, 50, 0],
      ["seed", "succeeded", 0, 0, 119, 0],
    ]);
    expect(runs.every((r) => r.finishedAt !== null && r.error === null)).toBe(true);
  });

  it("resolves yearless dates against the reference date", async () => {
    await loadSamplePapers({ db: t.db, log, now: new Date("2026-03-15T00:00:00Z") });
    const days = await t.db.paperTrend.groupBy({ by: ["day"], orderBy: { day: "asc" } });
    expect(days.map((d) => d.day.toISOString().slice(0, 10))).toEqual(["2025-03-18", "2025-07-03", "2026-03-11"]);
  });
});
