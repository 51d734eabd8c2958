import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashEmailAddress } from "../../../src/subscribers/email-address.ts";
import { buildListHeaders } from "../../../src/mail/list-headers.ts";
import { Mailer } from "../../../src/mail/transport.io.ts";
import { buildReaderUrl } from "../../../src/subscribers/links.ts";
import { startSmtpSink, type CapturedMail, type SmtpSink } from "../setup/smtp-sink.ts";
import { makeSubscriber, snapshotDatabase, startConfirmationWorker, startTestApp, type TestApp } from "../http/app-harness.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const BROWSER = { "user-agent": "Mozilla/5.0 (flow test)", accept: "text/html" };

let t: TestApp;
let sink: SmtpSink;
let worker: { close(): Promise<void> };

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ isCapturingLogs: true });
  worker = startConfirmationWorker(t, sink.url);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await sink?.close();
});

/** The path and query of the first link in `text` that goes to `page`. */
function findLink(text: string, page: string): string {
  const match = new RegExp(`(?:https?://[^/\\s"]+)?(/${page}\\?token=[0-9A-Za-z._-]+)`).exec(text);
  if (!match) throw new Error(`no /${page} link found`);
  return match[1]!;
}

/** A header as sent on the wire, unfolded (RFC 5322 §2.2.3). */
function rawHeader(mail: CapturedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, " ").slice(name.length + 1).trim();
}

describe("signup, double opt-in, preferences and one-click unsubscribe", () => {
  it("runs end to end on real Postgres, Redis, BullMQ and SMTP", async () => {
    const signup = await t.app.inject({
      method: "POST",
      url: "/subscribe",
      headers: { ...FORM, ...BROWSER },
      remoteAddress: "203.0.113.5",
      payload: "email=Reader%40B%C3%BCcher.de&topics=Diffusion%2C+robotics&frequency=daily&sendHour=7&timezone=europe%2Fparis&website=",
    });
    expect(signup.statusCode).toBe(200);
    expect(signup.body).toContain("Check your inbox");

    const pending = await t.db.subscriber.findUniqueOrThrow({ where: { email: "Reader@xn--bcher-kva.de" } });
    expect(pending).toMatchObject({ status: "pending", topics: ["diffusion", "robotics"], timezone: "Europe/Paris", sendHour: 7, frequency: "daily" });
    expect(pending).toMatchObject({ consentIp: "203.0.113.5", consentUserAgent: "Mozilla/5.0 (flow test)", consentWording: "2026-11-24", confirmedAt: null });

    const [confirmation] = await sink.waitFor(1);
    // smtp-server shows the recipient's domain in Unicode; on the wire it was punycode.
    expect(confirmation!.envelopeTo).toEqual(["Reader@bücher.de"]);
    expect(confirmation!.raw.toString()).toContain("To: Reader@xn--bcher-kva.de");
    expect(confirmation!.parsed.subject).toBe("Confirm your paperwire subscription");
    expect(rawHeader(confirmation!, "Auto-Submitted")).toBe("auto-generated");
    expect(rawHeader(confirmation!, "Message-ID")).toMatch(new RegExp(`^<confirmation-${pending.id}-\\d+@paperwire\\.localhost>$`));
    const text = confirmation!.parsed.text ?? "";
    const htmlPart = String(confirmation!.parsed.html);
    expect(text).toContain("Please confirm your subscription");
    expect(text).toContain("This link works for 72 hours");
    expect(Buffer.byteLength(htmlPart)).toBeLessThan(102 * 1024);
    const confirmPath = findLink(text, "confirm");
    expect(findLink(htmlPart, "confirm")).toBe(confirmPath);
    expect(text).toContain(`http://paperwire.test${confirmPath}`);

    const before = await snapshotDatabase(t.db);
    const confirmPage = await t.app.inject({ method: "GET", url: confirmPath, headers: BROWSER });
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain(`<form method="post" action="${confirmPath}">`);
    expect(await snapshotDatabase(t.db)).toEqual(before);

    const confirmed = await t.app.inject({ method: "POST", url: confirmPath, headers: { ...FORM, ...BROWSER, "user-agent": "Confirming browser" }, remoteAddress: "198.51.100.9", payload: "" });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain("You&#39;re subscribed");
    expect(confirmed.body).toContain("every day at 07:00 (Europe/Paris)");
    const active = await t.db.subscriber.findUniqueOrThrow({ where: { id: pending.id } });
    expect(active).toMatchObject({ status: "active", confirmIp: "198.51.100.9", confirmUserAgent: "Confirming browser" });
    expect(active.confirmedAt).toBeInstanceOf(Date);

    const preferencesPath = findLink(confirmed.body, "preferences");
    const preferencesPage = await t.app.inject({ method: "GET", url: preferencesPath, headers: BROWSER });
    expect(preferencesPage.statusCode).toBe(200);
    expect(preferencesPage.body).toContain('value="diffusion, robotics"');
    const saved = await t.app.inject({
      method: "POST",
      url: preferencesPath,
      headers: { ...FORM, ...BROWSER },
      payload: "topics=LLM+agents&frequency=weekly&weeklyDay=3&sendHour=18&timezone=Asia%2FTokyo&papersPerEmail=5&format=text&missedDays=catch_up&pausedUntil=2027-01-15",
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain("Saved.");
    const again = await t.app.inject({ method: "GET", url: preferencesPath, headers: BROWSER });
    for (const shown of ['value="llm agents"', '<option value="3" selected>', '<option value="18" selected>', '<option value="Asia/Tokyo" selected>', 'value="5"', 'value="text" checked', 'value="catch_up" checked', 'value="2027-01-15"']) {
      expect(again.body).toContain(shown);
    }
    expect(await t.db.subscriber.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      topics: ["llm agents"], frequency: "weekly", weeklyDay: 3, sendHour: 18, timezone: "Asia/Tokyo", papersPerEmail: 5, format: "text", missedDays: "catch_up",
      pausedUntil: new Date("2027-01-15T00:00:00Z"),
    });

    // A digest-style message carrying the list headers, as the digest sender builds them.
    const listHeaders = buildListHeaders(t.config, buildReaderUrl(t.config, "unsubscribe", pending.id, t.clock));
    const mailer = new Mailer(sink.url, { poolSize: 1 });
    try {
      await mailer.submit({ from: t.config.mailFrom, to: pending.email, subject: "paperwire: 3 trending papers", text: "Papers…", html: "<p>Papers…</p>", headers: listHeaders });
    } finally {
      mailer.close();
    }
    const digest = (await sink.waitFor(2))[1]!;
    expect(rawHeader(digest, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(rawHeader(digest, "List-Id")).toBe(`paperwire digest <${t.config.listId}>`);
    const oneClickUrl = /^<(https?:\/\/[^>]+)>$/.exec(rawHeader(digest, "List-Unsubscribe") ?? "")?.[1];
    expect(oneClickUrl).toBeDefined();
    const { pathname, search } = new URL(oneClickUrl!);

    // What a mailbox provider does (RFC 8058 §3.2): POST the URL with this exact body.
    const oneClick = await t.app.inject({ method: "POST", url: `${pathname}${search}`, headers: FORM, payload: "List-Unsubscribe=One-Click" });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.headers.location).toBeUndefined();
    expect(oneClick.headers["set-cookie"]).toBeUndefined();
    expect(oneClick.body).toContain("You&#39;re unsubscribed");
    expect((await t.db.subscriber.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("unsubscribed");
    const suppressions = await t.db.suppressionEvent.findMany({ where: { subscriberId: pending.id } });
    expect(suppressions).toEqual([expect.objectContaining({ kind: "unsubscribe", emailHash: hashEmailAddress("Reader@xn--bcher-kva.de"), detail: "one-click" })]);

    const resubscribed = await t.app.inject({ method: "POST", url: findLink(oneClick.body, "resubscribe"), headers: { ...FORM, ...BROWSER }, payload: "" });
    expect(resubscribed.statusCode).toBe(200);
    expect(resubscribed.body).toContain("Welcome back");

    const changes = await t.db.statusChange.findMany({ where: { subscriberId: pending.id }, orderBy: { id: "asc" } });
    expect(changes.map((c) => [c.fromStatus, c.toStatus, c.reason])).toEqual([
      [null, "pending", "signup"],
      ["pending", "active", "confirmed"],
      ["active", "unsubscribed", "one-click"],
      ["unsubscribed", "active", "resubscribed"],
    ]);
    for (const change of changes) expect(change.at).toBeInstanceOf(Date);

    // Logs carry ids and events, never the address or a token.
    const logs = t.logLines.join("");
    expect(logs).toContain('"event":"signup.recorded"');
    expect(logs).toContain(`"subscriberId":${pending.id}`);
    for (const secret of ["Reader@", "xn--bcher-kva", "token=", confirmPath.split("=")[1]!, search.split("=")[1]!]) expect(logs).not.toContain(secret);
  });

  it.each([
    ["a multipart form", { "content-type": "multipart/form-data; boundary=XyZ" }, '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n', "unsubscribe-page"],
    ["the page's empty form", FORM, "", "unsubscribe-page"],
    ["no body at all", {}, undefined, "unsubscribe-page"],
  ])("unsubscribes at once from %s", async (_name, headers, payload, reason) => {
    const reader = await makeSubscriber(t.db);
    const url = new URL(buildReaderUrl(t.config, "unsubscribe", reader.id, t.clock));
    const response = await t.app.inject({ method: "POST", url: `${url.pathname}${url.search}`, headers, ...(payload === undefined ? {} : { payload }) });
    expect(response.statusCode).toBe(200);
    expect((await t.db.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).status).toBe("unsubscribed");
    expect(await t.db.statusChange.findMany({ where: { subscriberId: reader.id } })).toEqual([expect.objectContaining({ reason })]);
    // A second POST (a retrying provider) answers the same and records nothing new.
    const repeat = await t.app.inject({ method: "POST", url: `${url.pathname}${url.search}`, headers, ...(payload === undefined ? {} : { payload }) });
    expect(repeat.statusCode).toBe(200);
    expect(await t.db.suppressionEvent.count({ where: { subscriberId: reader.id } })).toBe(1);
  });

  it("never changes anything on GET /unsubscribe (link scanners)", async () => {
    const reader = await makeSubscriber(t.db);
    const url = new URL(buildReaderUrl(t.config, "unsubscribe", reader.id, t.clock));
    const before = await snapshotDatabase(t.db);
    const page = await t.app.inject({ method: "GET", url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${url.pathname}${url.search}"`);
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });
});
