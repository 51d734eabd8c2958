import { randomBytes } from "node:crypto";
import { createDb, type Db } from "../../src/db/client.ts";
import { createRedis } from "../../src/queue/connection.ts";
import { createQueues } from "../../src/queue/queues.ts";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../src/queue/jobs.ts";
import { makePaper, makeSubscriber } from "../integration/factories.ts";
import type { CapturedMail } from "../integration/setup/smtp-sink.ts";

/** Papers and readers for a fault run: every reader is due in a manual slot. */
export async function seedSlot(databaseUrl: string, readers: number): Promise<{ db: Db; emails: string[] }> {
  const db = createDb(databaseUrl, { poolSize: 3 });
  for (let i = 1; i <= 6; i++) await makePaper(db, { title: `Fault paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
  const emails: string[] = [];
  for (let i = 0; i < readers; i++) emails.push((await makeSubscriber(db, { email: `fault-${i}@example.org` })).email);
  return { db, emails };
}

/** Enqueues a manual slot and returns its key. */
export async function enqueueManualSlot(redisUrl: string, prefix: string, at: string): Promise<string> {
  const redis = createRedis(redisUrl, { role: "producer" });
  const queues = createQueues(redis, prefix);
  const key = buildSlotKey(new Date(at), true);
  await queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true }, { jobId: buildPlanEditionJobId(key) });
  await queues.close();
  redis.disconnect();
  return key;
}

/** Polls the ledger until the slot is done; returns how long that took. */
export async function waitForSlotDone(db: Db, key: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const slot = await db.sendSlot.findUnique({ where: { key } }).catch(() => null);
    if (slot?.status === "done") return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`slot ${key} not done after ${timeoutMs} ms (status ${slot?.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Per reader: how many messages arrived and with which Message-IDs. */
export function countByReader(messages: readonly CapturedMail[]): Map<string, string[]> {
  const byReader = new Map<string, string[]>();
  for (const m of messages) byReader.set(m.envelopeTo[0]!, [...(byReader.get(m.envelopeTo[0]!) ?? []), m.parsed.messageId ?? ""]);
  return byReader;
}

export const workerEnv = (urls: { databaseUrl: string; redisUrl: string; smtpUrl: string }, extra: Record<string, string> = {}) => ({
  DATABASE_URL: urls.databaseUrl,
  REDIS_URL: urls.redisUrl,
  SMTP_URL: urls.smtpUrl,
  APP_SECRET: randomBytes(24).toString("hex"),
  QUEUE_PREFIX: "fault",
  PUBLIC_URL: "http://paperwire.test",
  LOG_LEVEL: "info",
  JOB_LOCK_SECONDS: "3",
  ...extra,
});
