import { afterAll, describe, expect, it } from "vitest";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../../src/queue/jobs.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";
import { startProcess, type RealProcess } from "../setup/processes.ts";

const READERS = 40;
// SMTP_POOL_SIZE 1 makes a wave 10 messages: the most a crash may leave unknown (and resend).
const WAVE = 10;
let p: Pipeline | undefined;
const processes: RealProcess[] = [];

afterAll(async () => {
  for (const proc of processes) await proc.kill("SIGKILL");
  await p?.close();
});

describe("a worker process killed with SIGKILL mid-batch", () => {
  it("is replaced by a restarted one; every reader gets the edition, duplicates stay within one wave", async () => {
    p = await createPipeline({ clock: "2026-11-24T08:00:00Z", env: { BATCH_SIZE: "100", SMTP_POOL_SIZE: "1", JOB_LOCK_SECONDS: "2", LOG_LEVEL: "info" } });
    for (let i = 1; i <= 6; i++) await makePaper(p.clients.db, { title: `Paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
    const readers = [];
    for (let i = 0; i < READERS; i++) readers.push(await makeSubscriber(p.clients.db));
    // A slow relay keeps the batch in flight long enough to kill the worker inside it.
    p.sink.setDelay(100);

    const first = await startProcess("workers/digest.ts", p.env, "worker.started");
    processes.push(first);
    const at = "2026-11-24T08:00:00.000Z";
    const key = buildSlotKey(new Date(at), true);
    await p.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true }, { jobId: buildPlanEditionJobId(key) });
    await p.sink.waitFor(WAVE + 5, 60_000);
    await first.kill("SIGKILL");
    const beforeRestart = p.sink.messages.length;
    expect(beforeRestart).toBeLessThan(READERS);

    p.sink.setDelay(0);
    const second = await startProcess("workers/digest.ts", p.env, "worker.started");
    processes.push(second);
    const summary = await p.waitForSlot(key, 90_000);

    expect(summary.byStatus).toEqual({ sent: READERS });
    const perReader = new Map<string, string[]>();
    for (const m of p.sink.messages) perReader.set(m.envelopeTo[0]!, [...(perReader.get(m.envelopeTo[0]!) ?? []), m.parsed.messageId!]);
    expect([...perReader.keys()].sort()).toEqual(readers.map((r) => r.email).sort());
    const duplicates = [...perReader.values()].filter((ids) => ids.length > 1);
    expect(duplicates.length).toBeLessThanOrEqual(WAVE);
    // A resend carries the same Message-ID, so receivers that dedupe on it show one email.
    for (const ids of duplicates) expect(new Set(ids).size).toBe(1);
    expect(second.output()).toContain('"event":"digest.batch.in_flight_recovered"');
    console.info(`worker-crash: ${beforeRestart} messages before the kill, ${duplicates.length} readers got a duplicate (bound ${WAVE})`);
  });
});

describe("a worker process stopped with SIGTERM mid-batch", () => {
  it("finishes the batch in flight, exits 0, and nobody gets the edition twice", async () => {
    const q = await createPipeline({ clock: "2026-11-24T08:00:00Z", env: { BATCH_SIZE: "20", SMTP_POOL_SIZE: "1", WORKER_CONCURRENCY: "1", JOB_LOCK_SECONDS: "2", LOG_LEVEL: "info" } });
    try {
      for (let i = 1; i <= 4; i++) await makePaper(q.clients.db, { title: `Paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
      const readers = [];
      for (let i = 0; i < 40; i++) readers.push(await makeSubscriber(q.clients.db));
      q.sink.setDelay(50);
      const worker = await startProcess("workers/digest.ts", q.env, "worker.started");
      processes.push(worker);
      const at = "2026-11-24T08:00:00.000Z";
      const key = buildSlotKey(new Date(at), true);
      await q.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true }, { jobId: buildPlanEditionJobId(key) });
      await q.sink.waitFor(5, 60_000);
      expect(await worker.kill("SIGTERM")).toBe(0);
      expect(worker.output()).toContain('"event":"worker.stopped"');
      // The batch it was sending is done; the rest waits for the next worker.
      const done = await q.clients.db.sendBatch.count({ where: { status: "done" } });
      expect(done).toBeGreaterThanOrEqual(1);

      const next = await startProcess("workers/digest.ts", q.env, "worker.started");
      processes.push(next);
      const summary = await q.waitForSlot(key, 60_000);
      expect(summary.byStatus).toEqual({ sent: 40 });
      expect(q.sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(readers.map((r) => r.email).sort());
      expect(next.output()).not.toContain("in_flight_recovered");
    } finally {
      // The sink waits for open SMTP connections when it closes: stop the workers first.
      for (const proc of processes) await proc.kill("SIGKILL");
      await q.close();
    }
  });
});
