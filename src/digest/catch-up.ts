const HOUR_MS = 3_600_000;

/**
 * The scheduled slots to plan now: the current hour, plus the hours missed since the last
 * planned one (the process was down), at most `maxCatchUpHours` of them. Older missed hours are
 * reported as dropped, so the operator sees what was not caught up.
 */
export function computeSlotsToPlan(lastPlanned: Date | null, currentHour: Date, maxCatchUpHours: number): { slots: Date[]; dropped: number } {
  const current = currentHour.getTime();
  if (!lastPlanned || lastPlanned.getTime() >= current) return { slots: [currentHour], dropped: 0 };
  const firstMissed = lastPlanned.getTime() + HOUR_MS;
  const missed = Math.max(0, (current - firstMissed) / HOUR_MS);
  const from = Math.max(firstMissed, current - maxCatchUpHours * HOUR_MS);
  const slots: Date[] = [];
  for (let t = from; t <= current; t += HOUR_MS) slots.push(new Date(t));
  return { slots, dropped: Math.max(0, missed - (slots.length - 1)) };
}
