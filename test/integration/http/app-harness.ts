import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { Worker } from "bullmq";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { loadConfig, type AppConfig } from "../../../src/config/env.ts";
import type { Db } from "../../../src/db/client.ts";
import { buildApp } from "../../../src/http/app.ts";
import { systemClock, type Clock } from "../../../src/lib/clock.ts";
import { Mailer } from "../../../src/mail/transport.io.ts";
import { createRedis } from "../../../src/queue/connection.ts";
import { QUEUES } from "../../../src/queue/jobs.ts";
import { createQueues, type Queues } from "../../../src/queue/queues.ts";
import { handleSendConfirmation } from "../../../src/subscribers/send-confirmation.job.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { testRedisUrl } from "../setup/services.ts";
import type { Prisma } from "../../../src/generated/prisma/client.ts";

export type TestApp = {
  app: FastifyInstance;
  config: AppConfig;
  db: Db;
  redis: Redis;
  queues: Queues;
  clock: Clock;
  /** Every log line the app and workers wrote, when started with `isCapturingLogs`. */
  logLines: string[];
  close(): Promise<void>;
};

/** Config for one test file: its own queue (and rate-limit) prefix, a fixed secret, quiet logs. */
export function buildTestConfig(database: TestDatabase, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: "test",
    APP_SECRET: "test-secret-".padEnd(48, "x"),
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    SMTP_URL: "smtp://127.0.0.1:2",
    QUEUE_PREFIX: `pwtest-${randomBytes(5).toString("hex")}`,
    PUBLIC_URL: "http://paperwire.test",
    LOG_LEVEL: "silent",
    ...overrides,
  });
}

/** The real app on a fresh database and real Redis, ready for inject() (or listen). */
export async function startTestApp(options: { isCapturingLogs?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = buildTestConfig(database, { ...(options.isCapturingLogs ? { LOG_LEVEL: "info" } : {}), ...options.env });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: config.logLevel, name: "test", destination });
  const redis = createRedis(config.redisUrl, { role: "producer" });
  await waitUntil(() => redis.status === "ready", "Redis ready");
  const queues = createQueues(redis, config.queuePrefix);
  const app = await buildApp({ config, db: database.db, redis, queues, log, clock: systemClock });
  await app.ready();
  return {
    app,
    config,
    db: database.db,
    redis,
    queues,
    clock: systemClock,
    logLines,
    async close() {
      await app.close();
      await queues.transactional.obliterate({ force: true });
      const keys = await redis.keys(`${config.queuePrefix}-rate-limit-*`);
      if (keys.length > 0) await redis.del(...keys);
      await queues.close();
      await redis.quit();
      await database.drop();
    },
  };
}

/** A real BullMQ worker running handleSendConfirmation against the given SMTP server. */
export function startConfirmationWorker(testApp: TestApp, smtpUrl: string, config: AppConfig = testApp.config): { close(): Promise<void> } {
  const connection = createRedis(testApp.config.redisUrl, { role: "worker" });
  const mailer = new Mailer(smtpUrl, { poolSize: 1 });
  const log = createLogger({ level: "silent", name: "test-worker" });
  const worker = new Worker(QUEUES.transactional, (job) => handleSendConfirmation(job.data, { db: testApp.db, config, log, clock: testApp.clock, mailer }), {
    connection,
    prefix: testApp.config.queuePrefix,
  });
  return {
    async close() {
      await worker.close();
      mailer.close();
      await connection.quit();
    },
  };
}

let sequence = 0;

/** A subscriber row with sensible defaults (active, confirmed), for tests that need one. */
export async function makeSubscriber(db: Db, overrides: Partial<Prisma.SubscriberCreateInput> = {}): Promise<{ id: number; email: string }> {
  sequence += 1;
  return db.subscriber.create({
    data: { email: `reader${sequence}.${randomBytes(3).toString("hex")}@example.org`, consentWording: "2026-11-24", status: "active", confirmedAt: new Date(), ...overrides },
    select: { id: true, email: true },
  });
}

/** Everything a refused request must leave alone: every subscriber row and the audit tables. */
export async function snapshotDatabase(db: Db) {
  const [subscribers, statusChanges, suppressionEvents] = await Promise.all([
    db.subscriber.findMany({ orderBy: { id: "asc" } }),
    db.statusChange.findMany({ orderBy: { id: "asc" } }),
    db.suppressionEvent.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { subscriberCount: subscribers.length, subscribers, statusChanges, suppressionEvents };
}

/** Polls until `predicate` holds, failing after a generous deadline; never a fixed sleep. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
