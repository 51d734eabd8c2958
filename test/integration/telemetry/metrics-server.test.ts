import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AUTH_FAILURES } from "../../../src/lib/admin-credential.ts";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../../src/queue/jobs.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { startMetricsServer, type MetricsServer } from "../../../src/telemetry/metrics-server.io.ts";
import { registry } from "../../../src/telemetry/metrics.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";
import { startProcess, type RealProcess } from "../setup/processes.ts";

const TOKEN = "metrics-server-token-".padEnd(40, "s");
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

const servers: MetricsServer[] = [];
const processes: RealProcess[] = [];
let p: Pipeline;

beforeAll(async () => {
  p = await createPipeline({ clock: "2026-11-24T08:00:00Z", env: { ADMIN_TOKEN: TOKEN, LOG_LEVEL: "info" } });
});
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const proc of processes) await proc.kill("SIGKILL");
  await p?.close();
});

// A port nobody listens on now; the process under test binds it a moment later.
async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// The value of one sample line, e.g. `paperwire_emails_sent_total`; undefined when absent.
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the metrics server of a worker or scheduler process", () => {
  it("serves the registry to the admin credential only, and nothing else", async () => {
    const server = await startMetricsServer({ host: "127.0.0.1", port: 0, adminToken: TOKEN, log: createLogger({ level: "silent", name: "test" }) });
    servers.push(server);
    const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

    const scraped = await fetch(url("/metrics"), { headers: bearer(TOKEN) });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toBe(registry.contentType);
    const text = await scraped.text();
    expect(text).toMatch(/^paperwire_process_cpu_seconds_total \d/m);
    expect(text).toContain("# TYPE paperwire_emails_sent_total counter");
    expect((await fetch(url("/metrics?x=1"), { headers: basic("admin", TOKEN) })).status).toBe(200);

    const anonymous = await fetch(url("/metrics"));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm="paperwire admin"/);
    expect(await anonymous.text()).not.toContain("paperwire_");
    expect((await fetch(url("/metrics"), { headers: basic("root", TOKEN) })).status).toBe(401);
    for (const path of ["/", "/admin", "/metrics/", "/healthz"]) expect((await fetch(url(path), { headers: bearer(TOKEN) })).status).toBe(404);
    expect((await fetch(url("/metrics"), { method: "POST", headers: bearer(TOKEN) })).status).toBe(404);
  });

  it("refuses an address that keeps guessing, even once it sends the token", async () => {
    const server = await startMetricsServer({ host: "127.0.0.1", port: 0, adminToken: TOKEN, log: createLogger({ level: "silent", name: "test" }) });
    servers.push(server);
    const scrape = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${server.port}/metrics`, { headers });
    for (let i = 0; i < ADMIN_AUTH_FAILURES.max; i++) expect((await scrape(bearer(`wrong-${i}`))).status).toBe(401);
    const locked = await scrape(bearer(TOKEN));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("lets close() end while a scraper holds its connection open, and a second close() is the same", async () => {
    const server = await startMetricsServer({ host: "127.0.0.1", port: 0, adminToken: TOKEN, log: createLogger({ level: "silent", name: "test" }) });
    // fetch keeps the connection alive for the next request, as Prometheus does.
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: bearer(TOKEN) })).status).toBe(200);
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: bearer(TOKEN) })).rejects.toThrow();
  });

  it("a real worker process serves its own send counters on METRICS_PORT, and stops serving on SIGTERM", async () => {
    const readers = 3;
    const metricsPort = await findFreePort();
    for (let i = 1; i <= 3; i++) await makePaper(p.clients.db, { title: `Paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
    for (let i = 0; i < readers; i++) await makeSubscriber(p.clients.db);
    const worker = await startProcess("workers/digest.ts", { ...p.env, METRICS_PORT: String(metricsPort) }, "worker.started");
    processes.push(worker);
    expect(worker.output()).toContain(`"event":"metrics.server.started","host":"127.0.0.1","port":${metricsPort}`);

    const at = "2026-11-24T08:00:00.000Z";
    const key = buildSlotKey(new Date(at), true);
    await p.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true }, { jobId: buildPlanEditionJobId(key) });
    expect((await p.waitForSlot(key, 60_000)).byStatus).toEqual({ sent: readers });

    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    // The ledger is written before the counters move: wait for them rather than race them.
    let text = "";
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const response = await fetch(url, { headers: bearer(TOKEN) });
      expect(response.status).toBe(200);
      text = await response.text();
      if (sample(text, "paperwire_emails_sent_total") === readers) break;
    }
    // Counted by that process, not this one: this test process sent nothing.
    expect(sample(text, "paperwire_emails_sent_total")).toBe(readers);
    expect(sample(await registry.metrics(), "paperwire_emails_sent_total")).toBe(0);
    expect(sample(text, "paperwire_send_batch_duration_seconds_count")).toBeGreaterThan(0);
    expect(sample(text, "paperwire_render_duration_seconds_count")).toBeGreaterThan(0);
    expect(text).toMatch(/^paperwire_process_cpu_seconds_total \d/m);

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: bearer("not-the-token-at-all") })).status).toBe(401);

    expect(await worker.kill("SIGTERM")).toBe(0);
    expect(worker.output()).toContain('"event":"process.step_stopped","step":"metrics"');
    await expect(fetch(url, { headers: bearer(TOKEN) })).rejects.toThrow();
  });

  it("a real scheduler process serves its registry on METRICS_PORT too", async () => {
    const metricsPort = await findFreePort();
    const env = { ...p.env, METRICS_PORT: String(metricsPort) };
    // Its first tick is logged once it is up, signal handlers included.
    const scheduler = await startProcess("workers/scheduler.ts", env, "scheduler.ticked");
    processes.push(scheduler);
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: bearer(TOKEN) });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^paperwire_process_cpu_seconds_total \d/m);
    expect(await scheduler.kill("SIGTERM")).toBe(0);
  });

  it("a worker whose METRICS_PORT is taken exits at start, naming the variable", async () => {
    const taken = await startMetricsServer({ host: "127.0.0.1", port: 0, adminToken: TOKEN, log: createLogger({ level: "silent", name: "test" }) });
    servers.push(taken);
    const env = { ...p.env, METRICS_PORT: String(taken.port) };
    await expect(startProcess("workers/digest.ts", env, "worker.started")).rejects.toThrow(/METRICS_PORT: cannot listen on 127\.0\.0\.1:\d+: listen EADDRINUSE/);
  });
});
