import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type pg from "pg";
import { JOBS, QUEUES, buildPlanEditionJobId, buildSlotKey } from "../src/queue/jobs.ts";
import type { BenchServices } from "./services.ts";
import { findChildPids, readBytesRead, readCpuSeconds, readPeakMemoryMb, readTreeCpuSeconds, samplePeakMemory } from "./proc-stats.ts";
import { loadLedgerStats, loadTableWrites, type LedgerStats, type TableWrites } from "./ledger-stats.ts";
import { startWorkerProcess, type WorkerProcess } from "./worker-processes.ts";

export type PipelineResult = {
  readers: number;
  workers: number;
  env: Record<string, string>;
  /** Seconds from enqueueing the plan job to the sink's first and last message, and to the slot being done. */
  firstEmailS: number;
  lastEmailS: number;
  doneS: number;
  emailsPerSecond: number;
  /** CPU seconds during the run, by process group. */
  cpu: { workers: number[]; postgres: number; redis: number; sink: number };
  peakMemoryMb: Record<string, number>;
  /** Peak memory of each worker when it was ready, before the slot: what loading the code costs. */
  readyMemoryMb: number[];
  wireBytesPerEmail: number;
  /** The plan-edition job from pick-up to done: edition, ledger, enqueueing the batches. */
  planJobSeconds: number;
  /** …of which finding who is due and writing the ledger (the rest: enqueueing the batches). */
  planLedgerSeconds: number;
  ledger: LedgerStats;
  writes: TableWrites;
};

/**
 * Runs one slot for every active reader end to end through the real path: a plan-edition job on
 * the queue (as `paperwire digest send --now` adds it), taken by real worker processes that plan,
 * render, send into the sink and record. Measures from the enqueue to the last message, and
 * checks that every reader got exactly one email: the sink's count and the ledger must both
 * equal the reader count, or it throws.
 */
export async function runPipeline(input: {
  services: BenchServices;
  pool: pg.Pool;
  readers: number;
  workers: number;
  env: Record<string, string>;
  cpuProfileDir?: string;
  /** Worker N's output goes to `${logPrefix}N.log`. */
  logPrefix?: string;
  nodeFlags?: string[];
}): Promise<PipelineResult> {
  const { services, pool, readers } = input;
  const workerEnv: Record<string, string> = { ...input.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, SMTP_URL: services.smtpUrl };
  const workers: WorkerProcess[] = await Promise.all(Array.from({ length: input.workers }, (_, i) =>
    startWorkerProcess(workerEnv, { cpuProfileDir: input.cpuProfileDir, logFile: input.logPrefix && `${input.logPrefix}${i + 1}.log`, nodeFlags: input.nodeFlags }),
  ));
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const plan = new Queue(QUEUES.plan, { connection: redis, prefix: workerEnv.QUEUE_PREFIX ?? "paperwire" });
  try {
    const readyMemoryMb = workers.map((w) => readPeakMemoryMb(w.pid));
    const sinkBefore = services.sink.count();
    const target = sinkBefore + readers;
    const writesBefore = await loadTableWrites(pool);
    const cpuBefore = readCpu(services, workers);
    const wireBefore = readBytesRead(services.sink.pid);
    const memory = samplePeakMemory(() => ({
      ...Object.fromEntries(workers.map((w, i) => [`worker ${i + 1}`, [w.pid]])),
      postgres: [services.postgresPid(), ...findChildPids(services.postgresPid())],
      redis: [services.redisPid()],
      "smtp-sink": [services.sink.pid],
    }));
    let first: number | undefined, last: number | undefined;
    const stopListening = services.sink.onCount((count, at) => {
      first ??= at;
      if (count >= target) last ??= at;
    });

    const startsAt = new Date();
    const key = buildSlotKey(startsAt, true);
    const t0 = performance.now();
    await plan.add(JOBS.planEdition, { slotStartsAt: startsAt.toISOString(), isManual: true }, { jobId: buildPlanEditionJobId(key) });
    await services.sink.waitFor(target, 120_000);
    await waitForSlotDone(pool, key);
    const doneAt = performance.now();
    const cpuAfter = readCpu(services, workers);
    const wireAfter = readBytesRead(services.sink.pid);
    const peakMemoryMb = memory.stop();
    stopListening();
    const ledger = await loadLedgerStats(pool, key);
    const planJob = await plan.getJob(buildPlanEditionJobId(key));
    const planJobSeconds = planJob?.processedOn && planJob.finishedOn ? (planJob.finishedOn - planJob.processedOn) / 1000 : NaN;
    // The ledger is written when the job logs digest.slot.planned (the rest is enqueueing batches).
    const plannedAt = input.logPrefix ? findLoggedTime(workers.map((_, i) => `${input.logPrefix}${i + 1}.log`), "digest.slot.planned") : NaN;
    const planLedgerSeconds = planJob?.processedOn ? (plannedAt - planJob.processedOn) / 1000 : NaN;

    // Backends flush their table statistics when they exit: stop the workers first.
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    const writes = await loadTableWrites(pool, writesBefore);

    const received = services.sink.count() - sinkBefore;
    const problems = [
      received !== readers && `the sink received ${received} messages for ${readers} readers`,
      ledger.deliveries !== readers && `the ledger has ${ledger.deliveries} deliveries for ${readers} readers`,
      ledger.byStatus.sent !== readers && `the ledger has ${ledger.byStatus.sent ?? 0} sent deliveries for ${readers} readers (${JSON.stringify(ledger.byStatus)})`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`EXACTLY-ONCE CHECK FAILED: ${problems.join("; ")}`);

    const lastEmailS = ((last ?? doneAt) - t0) / 1000;
    return {
      readers,
      workers: input.workers,
      env: input.env,
      firstEmailS: ((first ?? doneAt) - t0) / 1000,
      lastEmailS,
      doneS: (doneAt - t0) / 1000,
      emailsPerSecond: readers / lastEmailS,
      cpu: {
        workers: cpuAfter.workers.map((c, i) => c - cpuBefore.workers[i]!),
        postgres: cpuAfter.postgres - cpuBefore.postgres,
        redis: cpuAfter.redis - cpuBefore.redis,
        sink: cpuAfter.sink - cpuBefore.sink,
      },
      peakMemoryMb,
      readyMemoryMb,
      wireBytesPerEmail: (wireAfter - wireBefore) / readers,
      planJobSeconds,
      planLedgerSeconds,
      ledger,
      writes,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await plan.close();
    redis.disconnect();
  }
}

function readCpu(services: BenchServices, workers: WorkerProcess[]) {
  return {
    workers: workers.map((w) => readCpuSeconds(w.pid)),
    postgres: readTreeCpuSeconds(services.postgresPid()),
    redis: readCpuSeconds(services.redisPid()),
    sink: readCpuSeconds(services.sink.pid),
  };
}

function findLoggedTime(files: string[], event: string): number {
  for (const file of files) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.includes(`"event":"${event}"`)) return (JSON.parse(line) as { time: number }).time;
    }
  }
  return NaN;
}

async function waitForSlotDone(pool: pg.Pool, key: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await pool.query<{ status: string }>("SELECT status::text AS status FROM send_slots WHERE key = $1", [key])).rows[0]?.status;
    if (status === "done") return;
    if (Date.now() > deadline) throw new Error(`slot ${key} not done ${timeoutMs / 1000} s after its last email (status ${status ?? "missing"})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
