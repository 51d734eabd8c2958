import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHfDailyPapersSource } from "../../../src/papers/hf-daily-papers.io.ts";
import { runImport } from "../../../src/papers/import-papers.ts";
import { loadSamplePapers } from "../../../src/papers/sample-papers.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { startFixtureServer, type FixtureServer } from "./fixture-server.ts";

const log = createLogger({ level: "silent", name: "test" });
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

function importDay(day: string, mode: Parameters<FixtureServer["url"]>[0] = "ok", onProgress?: (stored: number, total: number) => void) {
  const source = createHfDailyPapersSource({ baseUrl: server.url(mode), day, timeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 1 } });
  return runImport({ db: t.db, log, source, onProgress });
}

async function rowCounts() {
  return { papers: await t.db.paper.count(), trends: await t.db.paperTrend.count(), snapshots: await t.db.voteSnapshot.count() };
}

const trendsOf = (arxivId: string) =>
  t.db.paperTrend.findMany({ where: { paper: { arxivId } }, orderBy: { day: "asc" } }).then((rows) =>
    rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), rank: r.rank, upvotes: r.upvotes, source: r.source })),
  );

describe("HF daily papers import", () => {
  it("stores each paper with its links, AI fields and the day's rank and upvotes", async () => {
    const progress: [number, number][] = [];
    const result = await importDay("2026-07-03", "ok", (stored, total) => progress.push([stored, total]));

    expect(result).toMatchObject({ status: "succeeded", target: "2026-07-03", error: null });
    expect(result.counts).toEqual({ new: 6, updated: 0, unchanged: 0, skipped: 0, failed: 0 });
    expect(progress).toEqual([[0, 6], [6, 6]]);
    const astar = await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00001" } });
    expect(astar).toMatchObject({
      title: "A* Search Without Expansions: Learning Heuristic Functions with Deep Q-Networks",
      titleKey: "a* search without expansions: learning heuristic functions with deep q-networks",
      authors: ["Ada Example", "Ben Sample"],
      source: "huggingface",
      pageUrl: "https://huggingface.co/papers/2407.00001",
      pdfUrl: "https://arxiv.org/pdf/2407.00001",
      codeUrl: "https://github.com/example/astar-dqn",
      codeStars: 310,
      projectUrl: "https://example.org/astar",
      thumbnailUrl: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2407.00001.png",
      aiKeywords: ["optimization", "fixture"],
      commentCount: 2,
      publishedAt: new Date("2026-07-01T17:59:59.000Z"),
    });
    expect(astar.abstract).toMatch(/^Efficiently solving problems with large action spaces using A\* search/);
    expect(astar.aiSummary).toContain("A short machine summary");
    const sparse = await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00005" } });
    expect(sparse).toMatchObject({ authors: [], abstract: "", codeUrl: null, aiSummary: null, commentCount: null, thumbnailUrl: null });
    const light = await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00006" } });
    expect(light).toMatchObject({ title: "Light Schrödinger Bridge", codeUrl: null, projectUrl: null });

    const trends = await t.db.paperTrend.findMany({ include: { paper: true }, orderBy: { rank: "asc" } });
    expect(trends.map((tr) => [tr.paper.arxivId, tr.rank, tr.upvotes])).toEqual([
      ["2407.00001", 1, 42], ["2407.00002", 2, 35], ["2407.00003", 3, 20],
      ["2407.00004", 4, 18], ["2407.00005", 5, null], ["2407.00006", 6, 7],
    ]);
    const snapshots = await t.db.voteSnapshot.findMany({ where: { importRunId: result.runId } });
    expect(snapshots.map((s) => s.upvotes).sort((a, b) => a - b)).toEqual([7, 18, 20, 35, 42]);
  });

  it("finds nothing to change when the same day is imported again", async () => {
    await importDay("2026-07-03");
    const before = await rowCounts();
    const again = await importDay("2026-07-03");
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 6, skipped: 0, failed: 0 });
    // Papers and trends stay put; each run adds its own vote snapshots (the base of momentum).
    expect(await rowCounts()).toEqual({ ...before, snapshots: before.snapshots + 5 });
  });

  it("keeps one paper row and a trend row per day, each with that day's rank", async () => {
    await importDay("2026-07-03");
    const result = await importDay("2026-07-02");
    expect(result.counts).toEqual({ new: 2, updated: 2, unchanged: 0, skipped: 0, failed: 0 });
    expect(await rowCounts()).toMatchObject({ papers: 8, trends: 10 });
    expect(await trendsOf("2407.00004")).toEqual([
      { day: "2026-07-02", rank: 1, upvotes: 30, source: "huggingface" },
      { day: "2026-07-03", rank: 4, upvotes: 18, source: "huggingface" },
    ]);
    expect(await trendsOf("2407.00003")).toEqual([
      { day: "2026-07-02", rank: 2, upvotes: 25, source: "huggingface" },
      { day: "2026-07-03", rank: 3, upvotes: 20, source: "huggingface" },
    ]);
  });

  it("attaches the arXiv id to a paper first known by its title from a seed page", async () => {
    await loadSamplePapers({ db: t.db, log, now: new Date("2026-11-24T00:00:00Z") });
    const seeded = await t.db.paper.findFirstOrThrow({ where: { titleKey: "light schrödinger bridge" } });
    expect(seeded.arxivId).toBeNull();

    const result = await importDay("2026-07-03");
    expect(result.counts).toEqual({ new: 0, updated: 6, unchanged: 0, skipped: 0, failed: 0 });
    expect(await t.db.paper.count()).toBe(236);
    const attached = await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00006" } });
    expect(attached).toMatchObject({ id: seeded.id, source: "huggingface", authors: ["Ada Example", "Ben Sample"], abstract: seeded.abstract });
    // Seed page 000 is the capture of the same day: HF's rank and votes replace the page's
    // (rank 19); the day of page 002 stays as captured.
    expect(await trendsOf("2407.00006")).toEqual([
      { day: "2026-03-11", rank: 17, upvotes: null, source: "seed" },
      { day: "2026-07-03", rank: 6, upvotes: 7, source: "huggingface" },
    ]);

    const reseeded = await loadSamplePapers({ db: t.db, log, now: new Date("2026-11-24T00:00:00Z") });
    expect(reseeded.totals).toMatchObject({ new: 0, updated: 0 });
    expect(await t.db.paper.findUniqueOrThrow({ where: { arxivId: "2407.00006" } })).toMatchObject({ id: seeded.id, source: "huggingface" });
  });

  it("imports the good items of a malformed day and lists every other one with its reason", async () => {
    const result = await importDay("2026-07-04");
    expect(result.status).toBe("succeeded");
    expect(result.counts).toEqual({ new: 2, updated: 0, unchanged: 0, skipped: 2, failed: 7 });
    expect(result.failures.map((f) => f.item)).toEqual([
      "2026-07-04 #2", "2026-07-04 #3 2407.00013", "2026-07-04 #4 2407.00014", "2026-07-04 #5 2407.00015",
      "2026-07-04 #6 2407.00016", "2026-07-04 #8 2407.00018", "2026-07-04 #9",
    ]);
    const reasons = result.failures.map((f) => f.reason);
    expect(reasons[0]).toMatch(/^paper\.id: /);
    expect(reasons[1]).toBe("missing title");
    expect(reasons[2]).toMatch(/paper\.authors: .*; paper\.upvotes: /);
    expect(reasons[3]).toBe("paper.title: longer than 1000 characters");
    expect(reasons[4]).toBe("paper.summary: longer than 20000 characters");
    expect(reasons[5]).toMatch(/^paper\.githubRepo: /);
    expect(reasons[6]).toMatch(/^paper: /);
    expect(result.skipped).toEqual([
      { item: "2026-07-04 #7 2407.00017", reason: "withdrawn on 2026-07-03T10:00:00.000Z" },
      { item: "2407.00009", reason: "listed again at rank 11; the first listing was kept" },
    ]);
    const trends = await t.db.paperTrend.findMany({ include: { paper: true }, orderBy: { rank: "asc" } });
    expect(trends.map((tr) => [tr.paper.arxivId, tr.rank])).toEqual([["2407.00009", 1], ["2407.00010", 10]]);
    const run = await t.db.importRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "succeeded", newCount: 2, failedCount: 7, error: null });
    expect(run.failures).toHaveLength(9);
  });

  it("marks the run failed when the body is not JSON", async () => {
    const result = await importDay("2026-07-03", "broken");
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/^daily papers response is not JSON/);
    const run = await t.db.importRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "failed", source: "huggingface", target: "2026-07-03", newCount: 0 });
    expect(run.error).toBe(result.error);
    expect(run.finishedAt).not.toBeNull();
    expect(await t.db.paper.count()).toBe(0);
  });

  it("retries a 500 and succeeds on the next attempt", async () => {
    const result = await importDay("2026-07-02", "flaky");
    expect(result).toMatchObject({ status: "succeeded", counts: { new: 4 } });
    expect(server.requests.filter((r) => r === "/flaky/api/daily_papers?date=2026-07-02")).toHaveLength(2);
  });

  it("gives up after the last attempt when the server keeps failing", async () => {
    const result = await importDay("2026-07-02", "down");
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/failed after 2 attempt\(s\): HTTP 503$/);
  });

  it("marks the run failed when the server never answers", async () => {
    const source = createHfDailyPapersSource({ baseUrl: server.url("hang"), day: "2026-07-02", timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1 } });
    const result = await runImport({ db: t.db, log, source });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/failed after 2 attempt\(s\): timed out after 200 ms$/);
    expect((await t.db.importRun.findUniqueOrThrow({ where: { id: result.runId } })).status).toBe("failed");
  });
});
