import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildListHeaders } from "../../../src/mail/list-headers.ts";
import { Mailer } from "../../../src/mail/transport.io.ts";
import { buildReaderUrl } from "../../../src/subscribers/links.ts";
import { CHROMIUM_ARGS, ensureChromium } from "../setup/chromium.ts";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink.ts";
import { startConfirmationWorker, startTestApp, type TestApp } from "./app-harness.ts";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-artifacts");

let t: TestApp;
let sink: SmtpSink;
let worker: { close(): Promise<void> };
let context: BrowserContext;
let profileDir: string;
let baseUrl: string;

beforeAll(async () => {
  const executablePath = await ensureChromium();
  [t, sink] = await Promise.all([startTestApp(), startSmtpSink()]);
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // The worker writes links to where the app really listens.
  worker = startConfirmationWorker(t, sink.url, { ...t.config, publicUrl: baseUrl });
  profileDir = await mkdtemp(path.join(tmpdir(), "pw-chromium-"));
  await mkdir(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
    viewport: { width: 1024, height: 800 },
  });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await worker?.close();
  await t?.close();
  await sink?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe("in a real browser", () => {
  it("subscribes, confirms, changes settings and unsubscribes", async () => {
    const page = await context.newPage();
    // A refused inline style or script would show up here: the CSP hashes must match.
    const cspErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });

    await page.goto(`${baseUrl}/`);
    await expect.poll(() => page.locator("#timezone").inputValue()).toBe("Europe/Berlin");
    await shoot(page, "signup");

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/`);
    expect(await phone.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await shoot(phone, "signup-phone");
    await phone.close();

    await page.getByLabel("Email address").fill("browser.reader@example.org");
    await page.getByLabel(/Topics/).fill("diffusion, robotics");
    await page.getByLabel("Send at").selectOption("7");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await page.getByRole("heading", { name: "Almost done" }).waitFor();
    await shoot(page, "signup-done");

    const [mail] = await sink.waitFor(1);
    const confirmUrl = /https?:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mail!.parsed.text ?? "")![0];
    const inbox = await context.newPage();
    await inbox.setContent(String(mail!.parsed.html));
    await shoot(inbox, "confirmation-email");
    await inbox.close();
    expect(confirmUrl.startsWith(baseUrl)).toBe(true);
    await page.goto(confirmUrl);
    await shoot(page, "confirm");
    expect((await t.db.subscriber.findUniqueOrThrow({ where: { email: "browser.reader@example.org" } })).status).toBe("pending");
    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await page.getByRole("heading", { name: "You're subscribed" }).waitFor();
    await shoot(page, "confirmed");
    const reader = await t.db.subscriber.findUniqueOrThrow({ where: { email: "browser.reader@example.org" } });
    expect(reader).toMatchObject({ status: "active", timezone: "Europe/Berlin", sendHour: 7, topics: ["diffusion", "robotics"] });

    await page.getByRole("link", { name: /Change topics/ }).click();
    await page.getByRole("heading", { name: "Your settings" }).waitFor();
    await shoot(page, "preferences");
    await page.getByLabel("Topics").fill("LLM agents, robotics");
    await page.getByLabel("Once a week").check();
    await page.getByLabel("Day of the weekly email").selectOption("5");
    await page.getByLabel("Papers per email").fill("5");
    await page.getByLabel("Plain text only").check();
    await page.getByLabel("Pause until").fill("2027-01-15");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Saved.").waitFor();
    await shoot(page, "preferences-saved");
    expect(await t.db.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).toMatchObject({
      topics: ["llm agents", "robotics"], frequency: "weekly", weeklyDay: 5, papersPerEmail: 5, format: "text",
    });

    // A digest-style email with the visible unsubscribe link and the list headers.
    const unsubscribeUrl = buildReaderUrl({ ...t.config, publicUrl: baseUrl }, "unsubscribe", reader.id, t.clock);
    const mailer = new Mailer(sink.url, { poolSize: 1 });
    try {
      await mailer.submit({
        from: t.config.mailFrom,
        to: reader.email,
        subject: "paperwire: 5 trending papers",
        text: `Papers…\n\nUnsubscribe: ${unsubscribeUrl}\n`,
        html: `<p>Papers…</p><p><a href="${unsubscribeUrl}">Unsubscribe</a></p>`,
        headers: buildListHeaders(t.config, unsubscribeUrl),
      });
    } finally {
      mailer.close();
    }
    const digest = (await sink.waitFor(2))[1]!;
    const link = /href="([^"]+\/unsubscribe\?token=[^"]+)"/.exec(String(digest.parsed.html))![1]!;
    await page.goto(link);
    await shoot(page, "unsubscribe");
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You're unsubscribed" }).waitFor();
    await shoot(page, "unsubscribed");
    expect((await t.db.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).status).toBe("unsubscribed");

    await page.goto(`${baseUrl}/confirm?token=not-a-token`);
    await shoot(page, "error");
    expect(cspErrors).toEqual([]);
  });
});
