import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSendConfirmationJobId } from "../../../src/queue/jobs.ts";
import { hashEmailAddress } from "../../../src/subscribers/email-address.ts";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink.ts";
import { makeSubscriber, snapshotDatabase, startConfirmationWorker, startTestApp, waitUntil, type TestApp } from "./app-harness.ts";

let t: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  [t, sink] = await Promise.all([startTestApp(), startSmtpSink()]);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const post = (email: string, i: number, accept = "application/json") =>
  t.app.inject({
    method: "POST",
    url: "/subscribe",
    headers: { "content-type": "application/x-www-form-urlencoded", accept },
    remoteAddress: `192.0.2.${i}`,
    payload: `email=${encodeURIComponent(email)}&frequency=daily`,
  });

describe("POST /subscribe reveals nothing about who subscribes", () => {
  it("answers new, pending, active, unsubscribed, bounced and suppressed addresses alike", async () => {
    const pending = await makeSubscriber(t.db, { status: "pending", confirmedAt: null, confirmationSentAt: new Date() });
    const active = await makeSubscriber(t.db);
    const unsubscribed = await makeSubscriber(t.db, { status: "unsubscribed" });
    const bounced = await makeSubscriber(t.db, { status: "bounced" });
    await t.db.suppressionEvent.create({ data: { emailHash: hashEmailAddress("complained@example.org"), kind: "complaint" } });
    const addresses = ["new-reader@example.org", pending.email, active.email, unsubscribed.email, bounced.email, "complained@example.org"];
    for (const accept of ["application/json", "text/html"]) {
      const answers = await Promise.all(addresses.map((email, i) => post(email, i + (accept === "text/html" ? 100 : 1), accept)));
      const distinct = new Set(answers.map((a) => `${a.statusCode} ${a.headers["content-type"]} ${a.body}`));
      expect(distinct.size).toBe(1);
      expect(answers[0]!.statusCode).toBe(200);
    }
    expect(JSON.parse((await post("another@example.org", 200)).body)).toEqual({ status: "ok", message: expect.stringMatching(/Check your inbox/) });
  });

  it("and answers a filled honeypot the same, writing nothing", async () => {
    const before = await snapshotDatabase(t.db);
    const jobs = await t.queues.transactional.count();
    const bot = await t.app.inject({
      method: "POST",
      url: "/subscribe",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      remoteAddress: "192.0.2.250",
      payload: "email=bot-target%40example.org&website=http%3A%2F%2Fspam.example",
    });
    const human = await post("human-reader@example.org", 251);
    expect([bot.statusCode, bot.body]).toEqual([human.statusCode, human.body]);
    const after = await snapshotDatabase(t.db);
    expect(after.subscribers.find((s) => s.email === "bot-target@example.org")).toBeUndefined();
    expect(after.subscriberCount).toBe(before.subscriberCount + 1);
    expect(await t.queues.transactional.count()).toBe(jobs + 1);
  });
});

describe("the confirmation email leaves the request path", () => {
  it("is only queued by the request, and sent once a worker runs", async () => {
    const response = await post("off-path@example.org", 77);
    expect(response.statusCode).toBe(200);
    const reader = await t.db.subscriber.findUniqueOrThrow({ where: { email: "off-path@example.org" } });
    const job = await t.queues.transactional.getJob(buildSendConfirmationJobId(reader.id, reader.confirmationSentAt!));
    expect(job?.name).toBe("send-confirmation");
    expect(job?.data).toEqual({ subscriberId: reader.id, requestedAt: reader.confirmationSentAt!.toISOString() });
    expect(await job?.getState()).toBe("waiting");
    expect(sink.messages).toHaveLength(0);

    const worker = startConfirmationWorker(t, sink.url);
    try {
      await waitUntil(() => sink.messages.some((m) => m.envelopeTo.includes("off-path@example.org")), "the confirmation at the SMTP sink");
    } finally {
      await worker.close();
    }
  });
});
