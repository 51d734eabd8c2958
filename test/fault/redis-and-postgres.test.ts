import { afterEach, describe, expect, it } from "vitest";
import { startDedicatedServices } from "./dedicated-services.ts";
import { countByReader, enqueueManualSlot, seedSlot, waitForSlotDone, workerEnv } from "./slot-run.ts";
import { startSmtpSink, type SmtpSink } from "../integration/setup/smtp-sink.ts";
import { startProcess, type RealProcess } from "../integration/setup/processes.ts";
import type { Db } from "../../src/db/client.ts";

const READERS = 150;
// SMTP_POOL_SIZE 2 makes a wave 20 messages; WORKER_CONCURRENCY 1 keeps one batch in flight.
const BOUND = 20;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setUp(ports: { postgres: number; redis: number }) {
  const services = await startDedicatedServices(ports);
  cleanups.push(() => services.destroy());
  const sink: SmtpSink = await startSmtpSink();
  cleanups.push(() => sink.close());
  const { db, emails } = await seedSlot(services.databaseUrl, READERS);
  cleanups.push(() => db.$disconnect());
  const env = workerEnv({ ...services, smtpUrl: sink.url }, { SMTP_POOL_SIZE: "2", WORKER_CONCURRENCY: "1", BATCH_SIZE: "50" });
  const worker: RealProcess = await startProcess("workers/digest.ts", env, "worker.started");
  cleanups.push(() => worker.kill("SIGKILL"));
  return { services, sink, db, emails, env, worker };
}

function expectEveryReaderOnce(sink: SmtpSink, emails: string[]) {
  const byReader = countByReader(sink.messages);
  expect([...byReader.keys()].sort()).toEqual([...emails].sort());
  const doubled = [...byReader.values()].filter((ids) => ids.length > 1);
  expect(doubled.length).toBeLessThanOrEqual(BOUND);
  for (const ids of doubled) expect(new Set(ids).size).toBe(1);
  return doubled.length;
}

async function expectLedgerComplete(db: Db) {
  const counts = await db.delivery.groupBy({ by: ["status"], _count: true });
  expect(counts.map((c) => [c.status, c._count])).toEqual([["sent", READERS]]);
}

describe("Redis stopped for 20 s mid-run", () => {
  it("resumes by itself; every reader gets the edition once, or twice within the bound", async () => {
    const { services, sink, db, emails, worker } = await setUp({ postgres: 54361, redis: 63861 });
    sink.setDelay(20);
    const key = await enqueueManualSlot(services.redisUrl, "fault", "2026-11-24T08:00:00.000Z");
    await sink.waitFor(40, 60_000);
    await services.stopRedis();
    await new Promise((r) => setTimeout(r, 20_000));
    await services.startRedis();
    const recoveryMs = await waitForSlotDone(db, key, 120_000);
    await expectLedgerComplete(db);
    const doubled = expectEveryReaderOnce(sink, emails);
    expect(worker.child.exitCode).toBeNull();
    console.info(`fault redis-stop-20s: ${READERS} readers, ${sink.messages.length} messages, ${doubled} duplicates (bound ${BOUND}), done ${recoveryMs} ms after Redis returned`);
  });
});

describe("Postgres restarted mid-run", () => {
  it("resumes by itself; every reader gets the edition once, or twice within the bound", async () => {
    const { services, sink, db, emails, worker } = await setUp({ postgres: 54362, redis: 63862 });
    sink.setDelay(20);
    const key = await enqueueManualSlot(services.redisUrl, "fault", "2026-11-24T08:00:00.000Z");
    await sink.waitFor(40, 60_000);
    await services.stopPostgres();
    await services.startPostgres();
    const recoveryMs = await waitForSlotDone(db, key, 120_000);
    await expectLedgerComplete(db);
    const doubled = expectEveryReaderOnce(sink, emails);
    expect(worker.child.exitCode).toBeNull();
    console.info(`fault postgres-restart: ${READERS} readers, ${sink.messages.length} messages, ${doubled} duplicates (bound ${BOUND}), done ${recoveryMs} ms after Postgres returned`);
  });
});
