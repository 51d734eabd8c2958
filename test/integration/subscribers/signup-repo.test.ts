import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIRMATION_RESEND_INTERVAL_MS, recordSignup, releaseConfirmationClaim } from "../../../src/subscribers/signup.repo.ts";
import { purgePendingSubscribers } from "../../../src/subscribers/purge-pending.repo.ts";
import { hashEmailAddress } from "../../../src/subscribers/email-address.ts";
import type { Signup } from "../../../src/subscribers/signup-input.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { makeSubscriber } from "../http/app-harness.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const T0 = new Date("2026-11-24T10:00:00.000Z");
const signup = (email: string): Signup => ({ email, topics: [], timezone: "UTC", sendHour: 8, frequency: "daily", weeklyDay: null });
const consent = (at: Date) => ({ at, ip: "192.0.2.1", userAgent: "test", wordingVersion: "2026-11-24" });
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe("recordSignup", () => {
  it("queues exactly one confirmation when many signups of a new address race", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => recordSignup(database.db, signup("race@example.org"), consent(T0))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await database.db.subscriber.findUniqueOrThrow({ where: { email: "race@example.org" }, include: { statusChanges: true } });
    expect(row.statusChanges).toHaveLength(1);
    expect(row.confirmationSentAt).toEqual(T0);
  });

  it("re-sends to a pending address at most once per interval, with one winner among racers", async () => {
    const db = database.db;
    expect(await recordSignup(db, signup("again@example.org"), consent(T0))).toBeDefined();
    expect(await recordSignup(db, signup("again@example.org"), consent(minutes(4)))).toBeUndefined();
    const later = new Date(T0.getTime() + CONFIRMATION_RESEND_INTERVAL_MS);
    const racers = await Promise.all(Array.from({ length: 6 }, () => recordSignup(db, signup("again@example.org"), consent(later))));
    expect(racers.filter(Boolean)).toHaveLength(1);
    const row = await db.subscriber.findUniqueOrThrow({ where: { email: "again@example.org" } });
    expect(row).toMatchObject({ status: "pending", confirmationSentAt: later, consentAt: later });
  });

  it("gives a released claim back, so the next signup sends at once", async () => {
    const first = await recordSignup(database.db, signup("released@example.org"), consent(T0));
    await releaseConfirmationClaim(database.db, first!);
    expect(await recordSignup(database.db, signup("released@example.org"), consent(minutes(1)))).toBeDefined();
  });

  it("asks an unsubscribed reader to confirm again without changing their status, and leaves active ones alone", async () => {
    const left = await makeSubscriber(database.db, { status: "unsubscribed" });
    const request = await recordSignup(database.db, signup(left.email), consent(T0));
    expect(request).toEqual({ subscriberId: left.id, requestedAt: T0 });
    expect((await database.db.subscriber.findUniqueOrThrow({ where: { id: left.id } })).status).toBe("unsubscribed");
    const active = await makeSubscriber(database.db);
    expect(await recordSignup(database.db, signup(active.email), consent(T0))).toBeUndefined();
  });

  it("mails nobody whose address bounced or complained, even after it was erased", async () => {
    await database.db.suppressionEvent.create({ data: { emailHash: hashEmailAddress("gone@example.org"), kind: "complaint" } });
    expect(await recordSignup(database.db, signup("gone@example.org"), consent(T0))).toBeUndefined();
    expect(await database.db.subscriber.count({ where: { email: "gone@example.org" } })).toBe(0);
  });
});

describe("purgePendingSubscribers", () => {
  it("deletes only never-confirmed signups older than the limit, with their history", async () => {
    const db = (await createTestDatabase());
    try {
      const now = new Date("2026-12-01T00:00:00Z");
      const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
      const stale = await makeSubscriber(db.db, { status: "pending", confirmedAt: null, consentAt: days(8), statusChanges: { create: { toStatus: "pending", reason: "signup" } } });
      const fresh = await makeSubscriber(db.db, { status: "pending", confirmedAt: null, consentAt: days(6) });
      const returning = await makeSubscriber(db.db, { status: "pending", confirmedAt: days(30), consentAt: days(8) });
      const active = await makeSubscriber(db.db, { consentAt: days(100) });
      expect(await purgePendingSubscribers(db.db, { olderThanDays: 7, now })).toBe(1);
      const left = (await db.db.subscriber.findMany({ select: { id: true } })).map((r) => r.id).sort();
      expect(left).toEqual([fresh.id, returning.id, active.id].sort());
      expect(await db.db.statusChange.count({ where: { subscriberId: stale.id } })).toBe(0);
      expect(await purgePendingSubscribers(db.db, { olderThanDays: 7, now })).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
