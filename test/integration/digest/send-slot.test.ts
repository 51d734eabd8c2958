import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../../src/queue/jobs.ts";
import { startScheduler, type RunningScheduler } from "../../../src/runtime/scheduler.ts";
import { buildApp } from "../../../src/http/app.ts";
import type { FastifyInstance } from "fastify";
import { registry } from "../../../src/telemetry/metrics.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";

// Three trending days in July; the slots run in November: the window follows the data.
const DIFFUSION = "Diffusion models";
let p: Pipeline;
let scheduler: RunningScheduler;
let app: FastifyInstance;
const readers: Record<string, { id: number; email: string }> = {};

beforeAll(async () => {
  p = await createPipeline({ clock: "2026-11-24T08:00:00Z", env: { BATCH_SIZE: "2" } });
  const db = p.clients.db;
  for (let i = 1; i <= 12; i++) {
    await makePaper(db, {
      title: i % 3 === 0 ? `${DIFFUSION} for task ${i}` : `Transformers trick number ${i}`,
      abstract: i % 3 === 0 ? "We study denoising diffusion for image generation." : "Attention layers, scaled up.",
      arxivId: `2607.0${1000 + i}`,
      trends: [{ day: "2026-07-03", rank: i }, ...(i <= 4 ? [{ day: "2026-07-02", rank: i + 1 }] : [])],
    });
  }
  readers.utc = await makeSubscriber(db, { timezone: "UTC", sendHour: 8, papersPerEmail: 5 });
  readers.ny = await makeSubscriber(db, { timezone: "America/New_York", sendHour: 8, topics: ["diffusion"], format: "text" });
  // Weekly on Wednesday (ISO 3); Tokyo's Wednesday 8 am is Tuesday 23:00 UTC.
  readers.tokyo = await makeSubscriber(db, { timezone: "Asia/Tokyo", sendHour: 8, frequency: "weekly", weeklyDay: 3, topics: ["quantum gravity"] });
  readers.tokyoThursday = await makeSubscriber(db, { timezone: "Asia/Tokyo", sendHour: 8, frequency: "weekly", weeklyDay: 4 });
  readers.pending = await makeSubscriber(db, { status: "pending" });
  readers.unsubscribed = await makeSubscriber(db, { status: "unsubscribed" });
  readers.paused = await makeSubscriber(db, { pausedUntil: new Date("2026-12-01T00:00:00Z") });
  await p.startWorkers();
  scheduler = await startScheduler(p.clients, p.clock);
  app = await buildApp({ ...p.clients, clock: p.clock });
});

afterAll(async () => {
  await app?.close();
  scheduler?.close();
  await p?.close();
});

const to = (m: { envelopeTo: string[] }) => m.envelopeTo[0];

describe("a scheduled day across three time zones", () => {
  it("08:00 UTC: the UTC reader gets the general list; pending, unsubscribed and paused readers get nothing", async () => {
    const summary = await p.waitForSlot("2026-11-24T08");
    expect(summary.byStatus).toEqual({ sent: 1, skipped: 1 });
    expect(summary.skipReasons).toEqual({ paused: 1 });
    // The send path counts what it did for /metrics (this process's registry).
    const scraped = await registry.metrics();
    expect(scraped).toMatch(/^paperwire_emails_sent_total [1-9]/m);
    expect(scraped).toMatch(/^paperwire_emails_skipped_total\{reason="paused"\} [1-9]/m);
    expect(scraped).toMatch(/^paperwire_render_duration_seconds_count [1-9]/m);
    expect(scraped).toMatch(/^paperwire_send_batch_duration_seconds_count [1-9]/m);
    const [mail] = await p.sink.waitFor(1);
    expect(to(mail!)).toBe(readers.utc!.email);
    const parsed = mail!.parsed;
    expect(parsed.subject).toMatch(/^Transformers trick number 1 — and 4 more trending papers$/);
    expect(parsed.messageId).toMatch(/^<\d+\.\d+@paperwire\.test>$/);
    const headers = Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.key.length + 2)]));
    expect(headers["list-unsubscribe"]).toMatch(/^<http:\/\/paperwire\.test\/unsubscribe\?token=[\w.-]+>$/);
    expect(headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["list-id"]).toBe("paperwire digest <daily.paperwire.localhost>");
    expect(parsed.html).toContain("Transformers trick number 1");
    expect(parsed.text).toContain("Unsubscribe: http://paperwire.test/unsubscribe?token=");
    expect(parsed.html).toContain('href="http://paperwire.test/digests/');
    // Five papers, the limit this reader chose, in trending order (1-4 trended twice).
    const titles = [...(parsed.text ?? "").matchAll(/^(Transformers trick number \d+|Diffusion models for task \d+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(["Transformers trick number 1", "Transformers trick number 2", `${DIFFUSION} for task 3`, "Transformers trick number 4", "Transformers trick number 5"]);
  });

  it("its links work against the running web server: view in browser, preferences, and one-click unsubscribe", async () => {
    const parsed = p.sink.messages[0]!.parsed;
    const path = (url: string) => url.replace("http://paperwire.test", "");
    const viewUrl = /href="(http:\/\/paperwire\.test\/digests\/[^"]+)"/.exec(parsed.html as string)![1]!;
    const view = await app.inject({ method: "GET", url: path(viewUrl) });
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain("Transformers trick number 5");
    // The public view carries no reader's token.
    expect(view.body).not.toContain("token=");
    const preferencesUrl = /Preferences: (\S+)/.exec(parsed.text ?? "")![1]!;
    expect((await app.inject({ method: "GET", url: path(preferencesUrl) })).statusCode).toBe(200);
    const listUnsubscribe = parsed.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
    const oneClick = /<(http:\/\/paperwire\.test\/unsubscribe\?token=[^>]+)>/.exec(listUnsubscribe)![1]!;
    // GET shows a button and changes nothing (link scanners prefetch).
    expect((await app.inject({ method: "GET", url: path(oneClick) })).statusCode).toBe(200);
    expect((await p.clients.db.subscriber.findUniqueOrThrow({ where: { id: readers.utc!.id } })).status).toBe("active");
    // Resubscribe right after, so the rest of the day goes on as planned.
    const unsubscribed = await app.inject({ method: "POST", url: path(oneClick), payload: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(unsubscribed.statusCode).toBe(200);
    expect((await p.clients.db.subscriber.findUniqueOrThrow({ where: { id: readers.utc!.id } })).status).toBe("unsubscribed");
    await p.clients.db.subscriber.update({ where: { id: readers.utc!.id }, data: { status: "active" } });
  });

  it("09:00 UTC: nobody is due, nothing is sent", async () => {
    p.clock.set("2026-11-24T09:00:00Z");
    await scheduler.tick();
    const summary = await p.waitForSlot("2026-11-24T09");
    expect(summary.planned).toBe(0);
    expect(p.sink.messages).toHaveLength(1);
  });

  it("13:00 UTC: the New York reader gets only papers on their topic, as plain text", async () => {
    p.clock.set("2026-11-24T13:00:00Z");
    await scheduler.tick();
    await p.waitForSlot("2026-11-24T13");
    const mails = await p.sink.waitFor(2);
    const mail = mails[1]!;
    expect(to(mail)).toBe(readers.ny!.email);
    expect(mail.parsed.html).toBe(false);
    const titles = [...(mail.parsed.text ?? "").matchAll(/^(Transformers trick number \d+|Diffusion models for task \d+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([3, 6, 9, 12].map((i) => `${DIFFUSION} for task ${i}`));
    expect(mail.parsed.text).toContain("match your topics: diffusion");
  });

  it("23:00 UTC: Tokyo's Wednesday reader gets the general list with a note that their topics matched nothing", async () => {
    p.clock.set("2026-11-24T23:00:00Z");
    await scheduler.tick();
    const summary = await p.waitForSlot("2026-11-24T23");
    expect(summary.planned).toBe(1);
    const mails = await p.sink.waitFor(3);
    expect(to(mails[2]!)).toBe(readers.tokyo!.email);
    expect(mails[2]!.parsed.text?.replace(/\s+/g, " ")).toContain("Nothing new matched your topics (quantum gravity) today, so here is the general list.");
    // The Thursday reader's hour came too: no email, and the ledger says why.
    const notToday = await p.clients.db.delivery.findFirstOrThrow({ where: { subscriberId: readers.tokyoThursday!.id } });
    expect([notToday.status, notToday.skipReason, notToday.batchId]).toEqual(["skipped", "not_weekly_day", null]);
  });

  it("planning the same slot again (a second scheduler, a retried tick) sends nothing more", async () => {
    const key = buildSlotKey(new Date("2026-11-24T08:00:00Z"), false);
    await p.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: "2026-11-24T08:00:00.000Z", isManual: false }, { jobId: `${buildPlanEditionJobId(key)}-again` });
    p.clock.set("2026-11-24T08:30:00Z");
    await scheduler.tick();
    const again = await p.waitForSlot(key);
    expect(again.byStatus).toEqual({ sent: 1, skipped: 1 });
    expect(p.sink.messages).toHaveLength(3);
  });

  it("the next day never repeats a paper: the UTC reader gets the new day's papers minus what they had", async () => {
    // A new trending day: papers 1 and 6-10 trend again, with two new ones.
    const db = p.clients.db;
    const byTitle = async (title: string) => (await db.paper.findFirstOrThrow({ where: { title } })).id;
    for (const [rank, i] of [[1, 1], [2, 6], [3, 7], [4, 8], [5, 9], [6, 10]] as const) {
      const title = i % 3 === 0 ? `${DIFFUSION} for task ${i}` : `Transformers trick number ${i}`;
      await db.paperTrend.create({ data: { paperId: await byTitle(title), day: new Date("2026-07-04T00:00:00Z"), rank, source: "seed" } });
    }
    // Wednesday's edition was frozen at Tokyo's 8 am (Tuesday 23:00 UTC), before this day arrived.
    p.clock.set("2026-11-26T08:00:00Z");
    await scheduler.tick();
    await p.waitForSlot("2026-11-26T08");
    const mails = await p.sink.waitFor(4);
    const mail = mails[3]!;
    expect(to(mail)).toBe(readers.utc!.email);
    const titles = [...(mail.parsed.text ?? "").matchAll(/^(Transformers trick number \d+|Diffusion models for task \d+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([`${DIFFUSION} for task 6`, "Transformers trick number 7", "Transformers trick number 8", `${DIFFUSION} for task 9`, "Transformers trick number 10"]);
  });
});
