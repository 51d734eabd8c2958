import { randomBytes } from "node:crypto";
import { loadConfig, type AppConfig } from "../../../src/config/env.ts";
import type { Clock } from "../../../src/lib/clock.ts";
import { createClients, type Clients } from "../../../src/runtime/clients.ts";
import { startDigestWorkers, type RunningWorkers } from "../../../src/runtime/digest-workers.ts";
import { summarizeSlot, type SlotSummary } from "../../../src/digest/slot.repo.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { testRedisUrl } from "./services.ts";

/** A clock the test moves by hand. */
export type TestClock = Clock & { set(iso: string): void };

export function createTestClock(iso: string): TestClock {
  let current = new Date(iso);
  return { now: () => new Date(current.getTime()), set: (next) => (current = new Date(next)) };
}

export type Pipeline = {
  database: TestDatabase;
  sink: SmtpSink;
  config: AppConfig;
  clients: Clients;
  clock: TestClock;
  env: Record<string, string>;
  startWorkers(): Promise<RunningWorkers>;
  waitForSlot(key: string, timeoutMs?: number): Promise<SlotSummary>;
  close(): Promise<void>;
};

/**
 * Real Postgres (a database of this file's own), real Redis (a queue prefix of its own) and a
 * real SMTP sink, wired the way the worker process wires them, with an injected clock.
 */
export async function createPipeline(options: { clock: string; env?: Record<string, string> }): Promise<Pipeline> {
  const database = await createTestDatabase();
  const sink = await startSmtpSink();
  const env = {
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    SMTP_URL: sink.url,
    APP_SECRET: randomBytes(24).toString("hex"),
    QUEUE_PREFIX: `t${randomBytes(5).toString("hex")}`,
    PUBLIC_URL: "http://paperwire.test",
    MAIL_FROM: "paperwire <digest@paperwire.test>",
    LOG_LEVEL: "warn",
    SEND_RATE: "100000",
    ...options.env,
  };
  const config = loadConfig(env);
  const clients = createClients(config, "test");
  const clock = createTestClock(options.clock);
  const workers: RunningWorkers[] = [];
  return {
    database, sink, config, clients, clock, env,
    async startWorkers() {
      const w = await startDigestWorkers(clients, clock);
      workers.push(w);
      return w;
    },
    async waitForSlot(key, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const summary = await summarizeSlot(clients.db, key);
        if (summary.status === "done") return summary;
        if (Date.now() > deadline) throw new Error(`slot ${key} not done within ${timeoutMs} ms: ${JSON.stringify(summary)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const w of workers) await w.close();
      await clients.queues.plan.obliterate({ force: true }).catch(() => undefined);
      await clients.queues.send.obliterate({ force: true }).catch(() => undefined);
      await clients.close();
      await sink.close();
      await database.drop();
    },
  };
}
