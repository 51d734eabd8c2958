import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS } from "../../../src/queue/jobs.ts";
import { buildReaderPath } from "../../../src/subscribers/links.ts";
import { registry } from "../../../src/telemetry/metrics.ts";
import { makeSubscriber } from "../factories.ts";
import { startTestApp, type TestApp } from "../http/app-harness.ts";

const TOKEN = "metrics-test-token-".padEnd(40, "m");

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
});
afterAll(async () => {
  await t?.queues.send.obliterate({ force: true });
  await t?.close();
});

async function scrape(): Promise<{ contentType: string; text: string }> {
  const response = await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.statusCode).toBe(200);
  return { contentType: String(response.headers["content-type"]), text: response.body };
}

// The value of one sample line, e.g. `paperwire_unsubscribes_total{via="page"}`; 0 when absent.
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const post = (url: string, payload?: string, contentType = "application/x-www-form-urlencoded") =>
  t.app.inject({ method: "POST", url, headers: { "content-type": contentType, accept: "application/json" }, payload, remoteAddress: "203.0.113.77" });

describe("GET /metrics", () => {
  it("serves the registry in Prometheus's text format, with the depth of every queue read from BullMQ", async () => {
    await t.queues.send.add(JOBS.sendBatch, { batchId: 1 }, { jobId: "send-batch_1" });
    await t.queues.send.add(JOBS.sendBatch, { batchId: 2 }, { jobId: "send-batch_2" });
    await t.queues.send.add(JOBS.sendBatch, { batchId: 3 }, { jobId: "send-batch_3", delay: 60_000 });
    const { contentType, text } = await scrape();
    expect(contentType).toBe(registry.contentType);
    expect(sample(text, 'paperwire_queue_depth{queue="send",state="waiting"}')).toBe(2);
    expect(sample(text, 'paperwire_queue_depth{queue="send",state="delayed"}')).toBe(1);
    for (const queue of ["plan", "send", "transactional"]) {
      for (const state of ["waiting", "active", "delayed", "failed", "completed"]) expect(text).toContain(`paperwire_queue_depth{queue="${queue}",state="${state}"}`);
    }
    // Node's own metrics (CPU, memory, event loop) come along.
    expect(text).toMatch(/^paperwire_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^paperwire_nodejs_eventloop_lag_seconds \d/m);
  });

  it("counts signups, confirmations and unsubscribes by way, once each", async () => {
    const before = (await scrape()).text;
    expect((await post("/subscribe", JSON.stringify({ email: "counted@example.org" }), "application/json")).statusCode).toBe(200);
    // The honeypot's answer looks the same, but nothing was signed up.
    expect((await post("/subscribe", JSON.stringify({ email: "bot@example.org", website: "spam" }), "application/json")).statusCode).toBe(200);

    const pending = await t.db.subscriber.findUniqueOrThrow({ where: { email: "counted@example.org" } });
    const confirmPath = buildReaderPath(t.config, "confirm", pending.id, t.clock);
    expect((await post(confirmPath)).statusCode).toBe(200);
    expect((await post(confirmPath)).statusCode).toBe(200);

    const oneClick = await makeSubscriber(t.db);
    const page = await makeSubscriber(t.db);
    const oneClickPath = buildReaderPath(t.config, "unsubscribe", oneClick.id, t.clock);
    expect((await post(oneClickPath, "List-Unsubscribe=One-Click")).statusCode).toBe(200);
    expect((await post(oneClickPath, "List-Unsubscribe=One-Click")).statusCode).toBe(200);
    expect((await post(buildReaderPath(t.config, "unsubscribe", page.id, t.clock))).statusCode).toBe(200);

    const after = (await scrape()).text;
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta("paperwire_signups_total")).toBe(1);
    expect(delta("paperwire_confirmations_total")).toBe(1);
    expect(delta('paperwire_unsubscribes_total{via="one-click"}')).toBe(1);
    expect(delta('paperwire_unsubscribes_total{via="page"}')).toBe(1);
  });
});
