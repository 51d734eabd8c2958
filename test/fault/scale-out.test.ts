import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../integration/setup/database.ts";
import { startCountingSink, type CountingSink } from "../integration/setup/counting-sink.ts";
import { testRedisUrl } from "../integration/setup/services.ts";
import { startProcess, type RealProcess } from "../integration/setup/processes.ts";
import { makePaper } from "../integration/factories.ts";
import { enqueueManualSlot, waitForSlotDone, workerEnv } from "./slot-run.ts";

const READERS = 20_000;
const WORKERS = 3;
let database: TestDatabase;
let sink: CountingSink;
const workers: RealProcess[] = [];

afterAll(async () => {
  for (const w of workers) await w.kill("SIGTERM");
  await sink?.close();
  await database?.drop();
});

describe("three worker processes against one Redis and one Postgres", () => {
  it(`send an edition to ${READERS} readers: each reader exactly once, and every worker sends a part`, async () => {
    database = await createTestDatabase();
    sink = await startCountingSink();
    for (let i = 1; i <= 12; i++) await makePaper(database.db, { title: `Scale paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
    // Set-based insert: the list is data for this test, not what it tests.
    await database.db.$executeRaw`
      INSERT INTO subscribers (email, status, topics, consent_wording, updated_at)
      SELECT 'scale-' || n || '@example.org', 'active', CASE WHEN n % 4 = 0 THEN ARRAY['paper 3'] ELSE ARRAY[]::text[] END, 'test', now()
      FROM generate_series(1, ${READERS}::int) AS n`;
    const prefix = `scale${Date.now()}`;
    const env = workerEnv({ databaseUrl: database.url, redisUrl: testRedisUrl(), smtpUrl: sink.url }, { QUEUE_PREFIX: prefix, BATCH_SIZE: "250" });
    for (let i = 0; i < WORKERS; i++) workers.push(await startProcess("workers/digest.ts", env, "worker.started"));

    const started = Date.now();
    const key = await enqueueManualSlot(testRedisUrl(), prefix, "2026-11-24T08:00:00.000Z");
    await waitForSlotDone(database.db, key, 600_000);
    const seconds = (Date.now() - started) / 1000;

    expect(sink.recipients).toHaveLength(READERS);
    expect(new Set(sink.recipients).size).toBe(READERS);
    const ledger = await database.db.delivery.groupBy({ by: ["status"], _count: true });
    expect(ledger.map((c) => [c.status, c._count])).toEqual([["sent", READERS]]);
    const shares = workers.map((w) =>
      w.output().split("\n").filter((l) => l.includes('"event":"digest.batch.sent"')).reduce((sum, l) => sum + (JSON.parse(l) as { sent: number }).sent, 0),
    );
    expect(shares.reduce((a, b) => a + b, 0)).toBe(READERS);
    for (const share of shares) expect(share).toBeGreaterThan(0);
    console.info(`scale-out: ${READERS} readers in ${seconds.toFixed(1)} s (${Math.round(READERS / seconds)} emails/s), worker shares ${shares.join(" / ")}, ${Math.round(sink.bytes / READERS)} bytes per email`);
  });
});
