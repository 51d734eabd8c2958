import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { createRedis } from "../../src/queue/connection.ts";
import { createQueues } from "../../src/queue/queues.ts";
import { buildSendConfirmationJobId } from "../../src/queue/jobs.ts";
import { loadConfig } from "../../src/config/env.ts";
import { createClients } from "../../src/runtime/clients.ts";
import { startScheduler } from "../../src/runtime/scheduler.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { startDedicatedServices } from "./dedicated-services.ts";
import { workerEnv } from "./slot-run.ts";
import { startSmtpSink } from "../integration/setup/smtp-sink.ts";
import { startProcess, type RealProcess } from "../integration/setup/processes.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function setUp(ports: { postgres: number; redis: number }) {
  const services = await startDedicatedServices(ports);
  cleanups.push(() => services.destroy());
  const sink = await startSmtpSink();
  cleanups.push(() => sink.close());
  const port = await freePort();
  // Requests come "through a proxy" with distinct client addresses, so the per-IP signup limit
  // (a real limit of the service) does not turn this test into a rate-limit test.
  const env = workerEnv({ ...services, smtpUrl: sink.url }, { PORT: String(port), TRUST_PROXY: "127.0.0.1" });
  const start = async () => {
    const web = await startProcess("src/http/main.ts", env, "http.started");
    cleanups.push(() => web.kill("SIGKILL"));
    return web;
  };
  return { services, env, base: `http://127.0.0.1:${port}`, start };
}

const signup = (base: string, i: number) =>
  fetch(`${base}/subscribe`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    body: JSON.stringify({ email: `web-kill-${i}@example.org` }),
  }).then((r) => r.status, () => 0);

describe("a web process killed while signups arrive", () => {
  it("loses no subscription: every accepted signup is stored once, retried ones land after the restart, and every one gets its confirmation job", async () => {
    const { services, env, base, start } = await setUp({ postgres: 54364, redis: 63864 });
    let web: RealProcess = await start();
    const TOTAL = 200;
    const statuses = new Map<number, number>();
    let next = 0;
    const client = async () => {
      while (next < TOTAL) {
        const i = next++;
        statuses.set(i, await signup(base, i));
        if (i === 80) await web.kill("SIGKILL");
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    const refused = [...statuses].filter(([, s]) => s !== 200 && s !== 202).map(([i]) => i);
    expect(refused.length).toBeGreaterThan(0);

    web = await start();
    for (const i of refused) statuses.set(i, await signup(base, i));
    expect([...statuses.values()].every((s) => s === 200 || s === 202)).toBe(true);

    const db = createDb(services.databaseUrl, { poolSize: 2 });
    cleanups.push(() => db.$disconnect());
    const rows = await db.subscriber.findMany({ select: { id: true, email: true, confirmationSentAt: true } });
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r.email)).size).toBe(TOTAL);

    // A process killed between its commit and its enqueue leaves a signup without a job; the
    // scheduler's sweep re-adds it (a no-op for every job that exists).
    const clients = createClients(loadConfig(env), "fault-test");
    cleanups.push(() => clients.close());
    const scheduler = await startScheduler(clients, systemClock);
    scheduler.close();
    await scheduler.sweepConfirmations();
    const redis = createRedis(services.redisUrl, { role: "producer" });
    const queues = createQueues(redis, env.QUEUE_PREFIX);
    cleanups.push(async () => {
      await queues.close();
      redis.disconnect();
    });
    for (const row of rows) expect(await queues.transactional.getJob(buildSendConfirmationJobId(row.id, row.confirmationSentAt!))).toBeDefined();
    console.info(`fault web-kill: ${TOTAL} signups, ${refused.length} refused while the web process was down and retried, ${rows.length} stored once each, all with a confirmation job`);
  });
});

describe("/readyz", () => {
  it("turns unready within seconds of Redis or Postgres going away, and ready again after", async () => {
    const { services, base, start } = await setUp({ postgres: 54365, redis: 63865 });
    await start();
    const readiness = async () => {
      const response = await fetch(`${base}/readyz`);
      return { status: response.status, checks: ((await response.json()) as { checks: Record<string, string> }).checks };
    };
    const waitFor = async (status: number) => {
      const started = Date.now();
      for (;;) {
        const r = await readiness().catch(() => ({ status: 0, checks: {} as Record<string, string> }));
        if (r.status === status) return { ms: Date.now() - started, checks: r.checks };
        if (Date.now() - started > 30_000) throw new Error(`/readyz never answered ${status}: ${JSON.stringify(r)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    expect((await waitFor(200)).checks).toEqual({ postgres: "ok", redis: "ok", smtp: "ok" });

    await services.stopRedis();
    const redisDown = await waitFor(503);
    expect(redisDown.checks.redis).toBe("unavailable");
    await services.startRedis();
    const redisBack = await waitFor(200);

    await services.stopPostgres();
    const pgDown = await waitFor(503);
    expect(pgDown.checks.postgres).toBe("unavailable");
    await services.startPostgres();
    const pgBack = await waitFor(200);

    for (const ms of [redisDown.ms, redisBack.ms, pgDown.ms, pgBack.ms]) expect(ms).toBeLessThan(30_000);
    console.info(`fault readyz: unready ${redisDown.ms} ms after Redis stopped, ready ${redisBack.ms} ms after it started; unready ${pgDown.ms} ms after Postgres stopped, ready ${pgBack.ms} ms after it started`);
  });
});
