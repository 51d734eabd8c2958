import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseSubscriber } from "../../../src/subscribers/erase.repo.ts";
import { hashEmailAddress } from "../../../src/subscribers/email-address.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { makeSubscriber } from "../factories.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("eraseSubscriber", () => {
  it("removes every personal field and keeps only the address hash for suppression", async () => {
    const reader = await makeSubscriber(t.db, { email: "erase.me@example.org", topics: ["privacy"] });
    await t.db.statusChange.create({ data: { subscriberId: reader.id, toStatus: "active", reason: "confirmed" } });
    await t.db.suppressionEvent.create({ data: { emailHash: hashEmailAddress(reader.email), subscriberId: reader.id, kind: "unsubscribe" } });
    const other = await makeSubscriber(t.db);

    expect(await eraseSubscriber(t.db, "erase.me@example.org")).toEqual({ isErased: true, subscriberId: reader.id });

    expect(await t.db.subscriber.findUnique({ where: { id: reader.id } })).toBeNull();
    expect(await t.db.statusChange.count({ where: { subscriberId: reader.id } })).toBe(0);
    const events = await t.db.suppressionEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((e) => [e.kind, e.subscriberId, e.emailHash])).toEqual([
      ["unsubscribe", null, hashEmailAddress("erase.me@example.org")],
      ["erasure", null, hashEmailAddress("erase.me@example.org")],
    ]);
    // No column anywhere still holds the address.
    const leftovers = await t.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM subscribers s WHERE s.email = 'erase.me@example.org'`;
    expect(Number(leftovers[0]!.n)).toBe(0);
    expect(await t.db.subscriber.findUnique({ where: { id: other.id } })).not.toBeNull();
  });

  it("says so when the address is unknown, and changes nothing", async () => {
    const before = await t.db.suppressionEvent.count();
    expect(await eraseSubscriber(t.db, "nobody@example.org")).toEqual({ isErased: false });
    expect(await t.db.suppressionEvent.count()).toBe(before);
  });
});
