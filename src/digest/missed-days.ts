/** What a reader wants when days passed since their last email: only the newest day, or the best of all of them. */
export type MissedDaysPolicy = "skip" | "catch_up";

/**
 * The trending days a reader's next email may draw from, or null for "any day of the window"
 * (their first email). Days are YYYY-MM-DD, so they compare as strings.
 * - Nothing trended since their last email's newest day: no day at all (nothing new today).
 * - skip: only the edition's newest day.
 * - catch_up: every day after their last email's newest day, up to the edition's newest: on a
 *   Monday, the best of Saturday, Sunday and Monday.
 */
export function computeEligibleDays(
  trendingDays: readonly string[],
  lastAnchorDay: string | null,
  policy: MissedDaysPolicy,
): ReadonlySet<string> | null {
  if (lastAnchorDay === null) return null;
  const newDays = trendingDays.filter((day) => day > lastAnchorDay);
  if (newDays.length === 0) return new Set();
  if (policy === "catch_up") return new Set(newDays);
  return new Set([newDays.reduce((a, b) => (a > b ? a : b))]);
}
