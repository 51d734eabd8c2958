import type { FastifyInstance } from "fastify";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../src/http/app.ts";
import { startScheduler, type RunningScheduler } from "../../../src/runtime/scheduler.ts";
import { buildReaderPath } from "../../../src/subscribers/links.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../setup/chromium.ts";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");

// Friday 2026-11-20 has papers; Saturday's and Sunday's arrive only on Monday, with Monday's.
let p: Pipeline;
let scheduler: RunningScheduler;
let app: FastifyInstance;
const readers: Record<string, { id: number; email: string }> = {};

const titlesOf = (text: string | undefined) => [...(text ?? "").matchAll(/^((?:Fri|Sat|Sun|Mon) paper \d)$/gm)].map((m) => m[1]);
async function runDay(iso: string) {
  p.clock.set(iso);
  await scheduler.tick();
  return p.waitForSlot(iso.slice(0, 13));
}
const mailsTo = (reader: { email: string }) => p.sink.messages.filter((m) => m.envelopeTo[0] === reader.email);

beforeAll(async () => {
  p = await createPipeline({ clock: "2026-11-20T08:00:00Z" });
  for (let i = 1; i <= 4; i++) {
    await makePaper(p.clients.db, { title: `Fri paper ${i}`, abstract: i === 1 ? "Diffusion for video." : "Graphs.", trends: [{ day: "2026-11-20", rank: i }] });
  }
  readers.skipper = await makeSubscriber(p.clients.db, { papersPerEmail: 3 });
  readers.catcher = await makeSubscriber(p.clients.db, { papersPerEmail: 3, missedDays: "catch_up" });
  readers.topical = await makeSubscriber(p.clients.db, { papersPerEmail: 3, topics: ["diffusion"] });
  await p.startWorkers();
  scheduler = await startScheduler(p.clients, p.clock);
  app = await buildApp({ ...p.clients, clock: p.clock });
});

afterAll(async () => {
  await app?.close();
  scheduler?.close();
  await p?.close();
});

describe("days without papers", () => {
  it("Friday: everyone gets Friday's papers", async () => {
    await p.waitForSlot("2026-11-20T08");
    expect(titlesOf(mailsTo(readers.skipper!)[0]?.parsed.text)).toEqual(["Fri paper 1", "Fri paper 2", "Fri paper 3"]);
    expect(titlesOf(mailsTo(readers.topical!)[0]?.parsed.text)).toEqual(["Fri paper 1"]);
  });

  it("Saturday and Sunday: nothing new, nobody gets an email, and the ledger says why", async () => {
    for (const day of ["2026-11-21T08:00:00Z", "2026-11-22T08:00:00Z"]) {
      const summary = await runDay(day);
      expect(summary.byStatus).toEqual({ skipped: 3 });
      expect(summary.skipReasons).toEqual({ nothing_new: 3 });
    }
    expect(p.sink.messages).toHaveLength(3);
  });

  it("Monday: the skipper gets Monday's papers, the catch-up reader the best of Saturday, Sunday and Monday", async () => {
    const db = p.clients.db;
    for (const [day, name] of [["2026-11-21", "Sat"], ["2026-11-22", "Sun"], ["2026-11-23", "Mon"]] as const) {
      for (let i = 1; i <= 3; i++) await makePaper(db, { title: `${name} paper ${i}`, trends: [{ day, rank: i, upvotes: name === "Mon" ? 10 - i : 100 - i }] });
    }
    await runDay("2026-11-23T08:00:00Z");
    const skipper = mailsTo(readers.skipper!);
    const catcher = mailsTo(readers.catcher!);
    expect(titlesOf(skipper.at(-1)?.parsed.text)).toEqual(["Mon paper 1", "Mon paper 2", "Mon paper 3"]);
    const caught = titlesOf(catcher.at(-1)?.parsed.text);
    expect(caught).toHaveLength(3);
    expect(caught.some((t) => t!.startsWith("Sat") || t!.startsWith("Sun"))).toBe(true);
    expect(caught.some((t) => t!.startsWith("Fri"))).toBe(false);
  });

  it("the preferences page shows the last days: sent with a link, or why not", async () => {
    const page = await app.inject({ method: "GET", url: buildReaderPath(p.config, "preferences", readers.topical!.id, p.clock) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Your last 14 days");
    expect(page.body).toContain("Mon 23 Nov</span> <span>No email: Nothing new matched your topics.");
    expect(page.body).toMatch(/Fri 20 Nov<\/span> <span>Sent · <a href="\/digests\/\d+-[\w-]+">view that email<\/a>/);
  });

  it("the history reads well in a real browser, and its link opens the email that was sent", async () => {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const profileDir = await mkdtemp(path.join(tmpdir(), "pw-chromium-"));
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: await ensureChromium(), headless: true, args: CHROMIUM_ARGS, locale: "en-GB", viewport: { width: 1024, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}${buildReaderPath(p.config, "preferences", readers.topical!.id, p.clock)}`);
      const history = page.locator("ul.history");
      await history.scrollIntoViewIfNeeded();
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "preferences-history.png"), fullPage: true });
      await expect.poll(() => history.getByText("No email: Nothing new matched your topics.").count()).toBeGreaterThan(0);
      await history.getByRole("link", { name: "view that email" }).first().click();
      await page.waitForURL(/\/digests\/\d+-/);
      expect(await page.getByText("Fri paper 1").count()).toBeGreaterThan(0);
    } finally {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    }
  });
});
