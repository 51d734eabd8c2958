/** What happened on one UTC day. */
export type DayActivity = { day: string; signups: number; unsubscribes: number; sends: number };

const DAY_MS = 86_400_000;

/**
 * One entry per UTC day, oldest first, for the `days` days ending with the day of `now`; days
 * without a row count zero. Rows for days outside that range are ignored.
 */
export function buildDailyActivity(rows: readonly Partial<DayActivity>[], now: Date, days: number): DayActivity[] {
  const byDay = new Map<string, DayActivity>();
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(day, { day, signups: 0, unsubscribes: 0, sends: 0 });
  }
  for (const row of rows) {
    const entry = row.day === undefined ? undefined : byDay.get(row.day);
    if (!entry) continue;
    entry.signups += row.signups ?? 0;
    entry.unsubscribes += row.unsubscribes ?? 0;
    entry.sends += row.sends ?? 0;
  }
  return [...byDay.values()];
}

/** The first instant of the oldest day buildDailyActivity covers. */
export function computeActivityStart(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
}
