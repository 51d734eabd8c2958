import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { SubscriberStatus } from "../generated/prisma/enums.ts";
import type { Preferences } from "./preferences-input.ts";

/** A reader as their preferences page shows them. */
export type PreferencesView = { status: SubscriberStatus; hasConfirmed: boolean; preferences: Preferences };

const COLUMNS = {
  status: true,
  confirmedAt: true,
  topics: true,
  timezone: true,
  sendHour: true,
  frequency: true,
  weeklyDay: true,
  papersPerEmail: true,
  format: true,
  missedDays: true,
  ranking: true,
  pausedUntil: true,
} as const;

export async function findPreferences(db: Db, subscriberId: number): Promise<PreferencesView | undefined> {
  const row = await db.subscriber.findUnique({ where: { id: subscriberId }, select: COLUMNS });
  return row ? toView(row) : undefined;
}

/** Stores the whole set of settings; they apply from the next planned digest on. Undefined if the reader is gone. */
export async function recordPreferences(db: Db, subscriberId: number, preferences: Preferences): Promise<PreferencesView | undefined> {
  const [row] = await db.subscriber.updateManyAndReturn({
    where: { id: subscriberId },
    data: { ...preferences, pausedUntil: preferences.pausedUntil === null ? null : new Date(`${preferences.pausedUntil}T00:00:00Z`) },
    select: COLUMNS,
  });
  return row ? toView(row) : undefined;
}

type Row = Prisma.SubscriberGetPayload<{ select: typeof COLUMNS }>;

function toView(row: Row): PreferencesView {
  return {
    status: row.status,
    hasConfirmed: row.confirmedAt !== null,
    preferences: {
      topics: row.topics,
      timezone: row.timezone,
      sendHour: row.sendHour,
      frequency: row.frequency,
      weeklyDay: row.weeklyDay,
      papersPerEmail: row.papersPerEmail,
      format: row.format,
      missedDays: row.missedDays,
      ranking: row.ranking,
      // A DATE column comes back as UTC midnight of that calendar day.
      pausedUntil: row.pausedUntil ? row.pausedUntil.toISOString().slice(0, 10) : null,
    },
  };
}
