import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { UnrecoverableError, Worker } from "bullmq";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../../src/queue/connection.ts";
import { JOBS, QUEUES } from "../../../src/queue/jobs.ts";
import { startTestApp, waitUntil, type TestApp } from "../http/app-harness.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../setup/chromium.ts";
import { seedAdminActivity } from "./admin-fixtures.ts";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");
const TOKEN = "admin-browser-test-token-".padEnd(40, "b");

let t: TestApp;
let context: BrowserContext;
let profileDir: string;
let baseUrl: string;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await seedAdminActivity(t.db, t.clock.now());
  await fillQueues(t);
  profileDir = await mkdtemp(path.join(tmpdir(), "pw-chromium-"));
  await mkdir(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: "en-GB",
    viewport: { width: 1280, height: 800 },
    // What an operator types into the browser's sign-in dialog.
    httpCredentials: { username: "admin", password: TOKEN },
  });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await Promise.all([t?.queues.plan.obliterate({ force: true }), t?.queues.send.obliterate({ force: true })]);
  await t?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

// A failed job (as after a relay outage), waiting and delayed ones: what an operator looks at.
async function fillQueues(app: TestApp): Promise<void> {
  await app.queues.send.add(JOBS.sendBatch, { batchId: 41 }, { jobId: "send-batch_41", attempts: 1 });
  const connection = createRedis(app.config.redisUrl, { role: "worker" });
  const worker = new Worker(QUEUES.send, async () => {
    throw new UnrecoverableError("SMTP relay refused the connection (test)");
  }, { connection, prefix: app.config.queuePrefix });
  await waitUntil(async () => (await app.queues.send.getJobCountByTypes("failed")) === 1, "one failed send-batch job");
  await worker.close();
  await connection.quit();
  for (const batchId of [42, 43, 44]) await app.queues.send.add(JOBS.sendBatch, { batchId }, { jobId: `send-batch_${batchId}` });
  await app.queues.send.add(JOBS.sendBatch, { batchId: 45 }, { jobId: "send-batch_45", delay: 3_600_000 });
  await app.queues.plan.add(JOBS.planEdition, { slotStartsAt: "2026-11-24T08:00:00.000Z", isManual: false }, { jobId: "plan-edition_2026112408" });
}

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

describe("the admin pages in a real browser", () => {
  it("shows the overview with its charts, on a desktop and a phone", async () => {
    const page = await context.newPage();
    const refused = watchCsp(page);
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.locator("svg[role=img]").count()).toBe(3);
    await shoot(page, "admin-overview");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await shoot(page, "admin-overview-phone");
    expect(refused).toEqual([]);
    await page.close();
  });

  it("shows the queue dashboard, its own assets allowed and nothing from elsewhere", async () => {
    const page = await context.newPage();
    const refused = watchCsp(page);
    await page.goto(`${baseUrl}/admin/queues`);
    await page.getByText("transactional").first().waitFor();
    await page.getByText("Loading...").waitFor({ state: "detached" });
    await shoot(page, "admin-queues");
    await page.goto(`${baseUrl}/admin/queues/queue/send?status=failed`);
    await page.getByText("SMTP relay refused the connection (test)").first().waitFor();
    await shoot(page, "admin-queue-send-failed");
    // The board links a Google Fonts stylesheet; refusing it is the point (system fonts instead).
    expect(refused.filter((text) => !text.includes("fonts.googleapis.com"))).toEqual([]);
    await page.close();
  });
});
