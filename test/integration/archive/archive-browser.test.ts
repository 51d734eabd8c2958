import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEditions } from "../../../src/digest/edition.repo.ts";
import { loadSamplePapers } from "../../../src/papers/sample-papers.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createHfDailyPapersSource } from "../../../src/papers/hf-daily-papers.io.ts";
import { runImport } from "../../../src/papers/import-papers.ts";
import { startFixtureServer } from "../papers/fixture-server.ts";
import { startTestApp, type TestApp } from "../http/app-harness.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../setup/chromium.ts";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");
const WIDTHS = { desktop: 1200, phone: 390 } as const;
// The recorded Hugging Face day: AI summaries, keywords, code with stars, project pages, thumbnails.
const RICH_DAY = "2026-07-03";

let t: TestApp;
let context: BrowserContext;
let profileDir: string;
let baseUrl: string;
let editionDates: string[];

beforeAll(async () => {
  const executablePath = await ensureChromium();
  t = await startTestApp();
  // The bundled Daily Papers pages, and an edition for each of their days.
  const log = createLogger({ level: "silent", name: "test" });
  await loadSamplePapers({ db: t.db, log, now: new Date() });
  const fixtures = await startFixtureServer();
  try {
    await runImport({ db: t.db, log, source: createHfDailyPapersSource({ baseUrl: fixtures.url("ok"), day: RICH_DAY, timeoutMs: 5_000, retry: { attempts: 1, baseDelayMs: 1 } }) });
  } finally {
    await fixtures.close();
  }
  const days = await t.db.paperTrend.findMany({ distinct: ["day"], select: { day: true }, orderBy: { day: "desc" } });
  editionDates = days.map((d) => d.day.toISOString().slice(0, 10));
  await ensureEditions(t.db, editionDates, t.config.trendingWindowDays);
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  profileDir = await mkdtemp(path.join(tmpdir(), "pw-chromium-"));
  await mkdir(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS, locale: "en-GB" });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await t?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

// MJML links Google Fonts for Roboto; the pages' CSP refuses it on purpose (no third-party requests).
const isExpectedRefusal = (text: string) => text.includes("https://fonts.googleapis.com/");

/** Opens the page at the width, fails on any other CSP refusal or horizontal overflow, and saves a full-page screenshot. */
async function shoot(url: string, name: string, width: number): Promise<Page> {
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()) && !isExpectedRefusal(message.text())) cspErrors.push(message.text());
  });
  await page.setViewportSize({ width, height: 900 });
  const response = await page.goto(`${baseUrl}${url}`);
  expect(response?.status()).toBe(200);
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(cspErrors).toEqual([]);
  return page;
}

describe("the archive in a real browser", () => {
  it.each(Object.entries(WIDTHS))("lists the editions and opens one, at %s width", async (label, width) => {
    const list = await shoot("/archive", `archive-${label}`, width);
    expect(await list.locator("ol.editions li").count()).toBe(editionDates.length);
    await list.locator("ol.editions a").first().click();
    await list.waitForURL(`${baseUrl}/archive/${editionDates[0]}`);
    await list.close();

    const edition = await shoot(`/archive/${editionDates[0]}`, `archive-edition-${label}`, width);
    expect(await edition.getByRole("link", { name: "Past editions" }).getAttribute("href")).toBe(`${t.config.publicUrl}/archive`);
    await edition.getByRole("link", { name: "← All editions" }).click();
    await edition.waitForURL(`${baseUrl}/archive`);
    await edition.close();
  });

  it.each(Object.entries(WIDTHS))("shows rich cards as the email does, thumbnails included, at %s width", async (label, width) => {
    const page = await context.newPage();
    // The thumbnails live on Hugging Face's CDN, out of reach here: a picture of our own stands in.
    await page.setContent('<body style="margin:0"><div style="width:320px;height:180px;background:linear-gradient(135deg,#6366f1,#f59e0b)"></div></body>');
    const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 180 } });
    await page.close();
    await context.route("https://cdn-thumbnails.huggingface.co/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: picture }));
    try {
      const edition = await shoot(`/archive/${RICH_DAY}`, `archive-rich-edition-${label}`, width);
      const thumbnails = edition.locator('img[src^="https://cdn-thumbnails.huggingface.co/"]');
      expect(await thumbnails.count()).toBeGreaterThan(0);
      for (const size of await thumbnails.evaluateAll((imgs) => imgs.map((img) => [(img as unknown as { naturalWidth: number }).naturalWidth, (img as unknown as { width: number }).width]))) {
        expect(size[0]).toBeGreaterThan(0);
        expect(size[1]).toBeLessThanOrEqual(160);
      }
      await expect.poll(() => edition.getByRole("link", { name: /^Code ★ \d+$/ }).count()).toBeGreaterThan(0);
      expect(await edition.getByRole("link", { name: "Project" }).count()).toBeGreaterThan(0);
      await edition.close();
    } finally {
      await context.unroute("https://cdn-thumbnails.huggingface.co/**");
    }
  });
});
