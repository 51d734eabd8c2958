import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/env.ts";
import { fixedClock } from "../../../src/lib/clock.ts";
import { Mailer } from "../../../src/mail/transport.io.ts";
import { handleSendConfirmation, type SendConfirmationDeps } from "../../../src/subscribers/send-confirmation.job.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink.ts";
import { makeSubscriber } from "../http/app-harness.ts";

let database: TestDatabase;
let sink: SmtpSink;
let mailer: Mailer;
let deps: SendConfirmationDeps;
const REQUESTED = new Date("2026-11-24T10:00:00.000Z");

beforeAll(async () => {
  [database, sink] = await Promise.all([createTestDatabase(), startSmtpSink()]);
  mailer = new Mailer(sink.url, { poolSize: 1 });
  const config = loadConfig({ APP_SECRET: "s".repeat(40), DATABASE_URL: database.url, PUBLIC_URL: "https://papers.example.org", POSTAL_ADDRESS: "1 Rue <Test>, Paris" });
  deps = { db: database.db, config, log: createLogger({ level: "silent", name: "test" }), clock: fixedClock(REQUESTED), mailer };
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await database?.drop();
});

const payload = (subscriberId: number, at = REQUESTED) => ({ subscriberId, requestedAt: at.toISOString() });

describe("handleSendConfirmation", () => {
  it("sends both parts with the postal address escaped in HTML and a link on PUBLIC_URL", async () => {
    const reader = await makeSubscriber(database.db, { status: "pending", confirmedAt: null, confirmationSentAt: REQUESTED });
    await handleSendConfirmation(payload(reader.id), deps);
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelopeTo).toEqual([reader.email]);
    expect(mail!.parsed.text).toMatch(/https:\/\/papers\.example\.org\/confirm\?token=1\.c\./);
    expect(mail!.parsed.text).toContain("1 Rue <Test>, Paris");
    expect(String(mail!.parsed.html)).toContain("1 Rue &#60;Test&#62;, Paris");
  });

  it.each([
    ["an active reader", { status: "active" as const, confirmationSentAt: REQUESTED }],
    ["a bounced address", { status: "bounced" as const, confirmationSentAt: REQUESTED }],
    ["a request superseded by a newer one", { status: "pending" as const, confirmationSentAt: new Date(REQUESTED.getTime() + 600_000) }],
  ])("sends nothing to %s", async (_name, state) => {
    const reader = await makeSubscriber(database.db, state);
    const before = sink.messages.length;
    await handleSendConfirmation(payload(reader.id), deps);
    expect(sink.messages.length).toBe(before);
  });

  it("succeeds without sending when the reader was purged meanwhile", async () => {
    await expect(handleSendConfirmation(payload(987654), deps)).resolves.toBeUndefined();
  });

  it("refuses a malformed payload for good", async () => {
    await expect(handleSendConfirmation({ subscriberId: "1" }, deps)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it("stops retrying on a 5xx and retries on a 4xx, never quoting the address", async () => {
    const reader = await makeSubscriber(database.db, { status: "pending", confirmedAt: null, confirmationSentAt: REQUESTED });
    sink.setPolicy(() => ({ code: 550, message: `5.1.1 <${reader.email}> no such user` }));
    const permanent = await handleSendConfirmation(payload(reader.id), deps).catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(UnrecoverableError);
    expect((permanent as Error).message).not.toContain(reader.email);
    sink.setPolicy(() => ({ code: 451, message: "try later" }));
    const temporary = await handleSendConfirmation(payload(reader.id), deps).catch((e: unknown) => e);
    expect(temporary).toBeInstanceOf(Error);
    expect(temporary).not.toBeInstanceOf(UnrecoverableError);
    sink.setPolicy(undefined);
  });
});
