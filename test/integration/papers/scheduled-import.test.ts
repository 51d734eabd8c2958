import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startScheduler } from "../../../src/runtime/scheduler.ts";
import { makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";
import { startFixtureServer, type FixtureServer } from "./fixture-server.ts";

let fixtures: FixtureServer;
let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});
afterAll(async () => {
  await fixtures?.close();
});

async function waitForRuns(pipeline: Pipeline, count: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const runs = await pipeline.clients.db.importRun.findMany({ where: { status: { not: "running" } }, orderBy: { id: "asc" } });
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`expected ${count} finished import runs, got ${runs.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("scheduled imports", () => {
  it("import today's and yesterday's papers once per firing, however many schedulers run", async () => {
    fixtures = await startFixtureServer();
    p = await createPipeline({ clock: "2026-07-03T06:00:00Z", env: { HF_API_URL: fixtures.url("ok") } });
    await p.startWorkers();
    const [a, b] = await Promise.all([startScheduler(p.clients, p.clock), startScheduler(p.clients, p.clock)]);
    await Promise.all([a.importTick(), b.importTick(), a.importTick()]);
    const runs = await waitForRuns(p, 2);
    expect(runs.map((r) => [r.source, r.target, r.status]).sort()).toEqual([
      ["huggingface", "2026-07-02", "succeeded"],
      ["huggingface", "2026-07-03", "succeeded"],
    ]);
    expect(fixtures.requests.filter((r) => r.startsWith("/ok/api/daily_papers"))).toHaveLength(2);
    const papers = await p.clients.db.paper.count();
    const snapshots = await p.clients.db.voteSnapshot.count();
    expect(papers).toBeGreaterThan(0);

    // Two hours later the next firing imports again: no new papers, one more vote snapshot each.
    p.clock.set("2026-07-03T08:00:00Z");
    await Promise.all([a.importTick(), b.importTick()]);
    const again = await waitForRuns(p, 4);
    expect(again.slice(2).map((r) => [r.target, r.status, r.newCount]).sort()).toEqual([["2026-07-02", "succeeded", 0], ["2026-07-03", "succeeded", 0]]);
    expect(await p.clients.db.paper.count()).toBe(papers);
    expect(await p.clients.db.voteSnapshot.count()).toBe(snapshots * 2);
    a.close();
    b.close();
  });

  it("run once more half an hour before the day's earliest send hour", async () => {
    fixtures ??= await startFixtureServer();
    p = await createPipeline({ clock: "2026-07-03T06:30:00Z", env: { HF_API_URL: fixtures.url("ok") } });
    await makeSubscriber(p.clients.db, { timezone: "Europe/Berlin", sendHour: 9 }); // 07:00 UTC in summer
    await makeSubscriber(p.clients.db, { timezone: "America/New_York", sendHour: 8 }); // 12:00 UTC
    const scheduler = await startScheduler(p.clients, p.clock);
    expect(await scheduler.preSendImportTick()).toBe(true);
    p.clock.set("2026-07-03T11:30:00Z");
    expect(await scheduler.preSendImportTick()).toBe(false);
    scheduler.close();
    expect(await p.clients.queues.import.getJobCountByTypes("waiting")).toBe(2);
  });

  it("record a failed import when the source is down, and the next edition still goes out", async () => {
    fixtures ??= await startFixtureServer();
    p = await createPipeline({ clock: "2026-07-04T06:00:00Z", env: { HF_API_URL: fixtures.url("ok") } });
    await p.startWorkers();
    const scheduler = await startScheduler(p.clients, p.clock);
    await scheduler.importTick();
    await waitForRuns(p, 2);
    scheduler.close();
    await p.close();

    // A new process whose source is down. The store already has papers (an earlier import);
    // the reader's hour comes while every import fails.
    p = await createPipeline({ clock: "2026-07-04T08:00:00Z", env: { HF_API_URL: fixtures.url("down") } });
    await p.clients.db.paper.create({ data: { title: "Kept from an earlier import", titleKey: "kept from an earlier import", source: "huggingface", trends: { create: [{ day: new Date("2026-07-03T00:00:00Z"), rank: 1, source: "huggingface" }] } } });
    const reader = await makeSubscriber(p.clients.db, { sendHour: 8 });
    await p.startWorkers();
    const down = await startScheduler(p.clients, p.clock);
    await down.importTick();
    const runs = await waitForRuns(p, 2);
    down.close();
    expect(runs.every((r) => r.status === "failed" && /503/.test(r.error ?? ""))).toBe(true);

    const summary = await p.waitForSlot("2026-07-04T08");
    expect(summary).toMatchObject({ planned: 1, byStatus: { sent: 1 } });
    const [mail] = await p.sink.waitFor(1);
    expect(mail!.envelopeTo).toEqual([reader.email]);
    expect(mail!.parsed.subject).toBe("Kept from an earlier import");
  });
});
