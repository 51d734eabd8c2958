import { randomBytes } from "node:crypto";
import type { Db } from "../../../src/db/client.ts";
import type { SubscriberStatus } from "../../../src/generated/prisma/enums.ts";

const DAY_MS = 86_400_000;

/** What seedAdminActivity wrote, to compare the admin page against. */
export type SeededActivity = { signups: number; unsubscribes: number; sends: number; counts: Record<SubscriberStatus, number> };

/**
 * Thirty days of history ending today (UTC): readers signing up every day in varying numbers,
 * most confirming, some leaving, a few bounced or complained; one edition a day with its sent
 * deliveries. Returns the totals written.
 */
export async function seedAdminActivity(db: Db, now: Date): Promise<SeededActivity> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = (daysAgo: number) => (daysAgo === 0 ? now : new Date(today - daysAgo * DAY_MS + 12 * 3_600_000));
  const tag = randomBytes(3).toString("hex");
  const counts: Record<SubscriberStatus, number> = { pending: 0, active: 0, unsubscribed: 0, bounced: 0, complained: 0 };
  const readers: { email: string; status: SubscriberStatus; signedUpDaysAgo: number; consentWording: string; confirmedAt: Date | null }[] = [];
  for (let daysAgo = 29; daysAgo >= 0; daysAgo--) {
    // A weekly rhythm with a launch spike two weeks ago.
    const signups = 3 + ((daysAgo * 5) % 7) + (daysAgo === 14 ? 25 : 0);
    for (let i = 0; i < signups; i++) {
      const status: SubscriberStatus = daysAgo < 2 && i % 2 === 0 ? "pending" : i % 9 === 4 ? "unsubscribed" : i === 7 ? "bounced" : i === 11 ? "complained" : "active";
      counts[status] += 1;
      readers.push({ email: `admin-${tag}-${daysAgo}-${i}@example.org`, status, signedUpDaysAgo: daysAgo, consentWording: "test", confirmedAt: status === "pending" ? null : at(daysAgo) });
    }
  }
  const created = await db.subscriber.createManyAndReturn({
    data: readers.map(({ signedUpDaysAgo: _daysAgo, ...reader }) => reader),
    select: { id: true, email: true },
  });
  const idOf = new Map(created.map((row) => [row.email, row.id]));
  const changes = readers.flatMap((reader) => {
    const subscriberId = idOf.get(reader.email)!;
    const signup = { subscriberId, fromStatus: null, toStatus: "pending" as const, reason: "signup", at: at(reader.signedUpDaysAgo) };
    // Unsubscribes come a day after the signup (today's signups leave today).
    const left = { subscriberId, fromStatus: "active" as const, toStatus: "unsubscribed" as const, reason: "one-click", at: at(Math.max(0, reader.signedUpDaysAgo - 1)) };
    return reader.status === "unsubscribed" ? [signup, left] : [signup];
  });
  await db.statusChange.createMany({ data: changes });

  const recipients = created.filter((_, i) => readers[i]!.status === "active").map((row) => row.id);
  let sends = 0;
  for (let daysAgo = 29; daysAgo >= 1; daysAgo--) {
    const date = new Date(today - daysAgo * DAY_MS);
    const edition = await db.edition.create({ data: { date, trendingDays: [date], paperIds: [], paperScores: [] } });
    // More readers every day as the list grows, and a quiet day now and then.
    const count = daysAgo % 10 === 3 ? 0 : Math.min(recipients.length, 20 + (29 - daysAgo) * 4);
    await db.delivery.createMany({
      data: recipients.slice(0, count).map((subscriberId) => ({ editionId: edition.id, subscriberId, status: "sent" as const, sentAt: new Date(date.getTime() + 8 * 3_600_000) })),
    });
    sends += count;
  }
  return { signups: readers.length, unsubscribes: counts.unsubscribed, sends, counts };
}
