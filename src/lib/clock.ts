/** Where "now" comes from, so schedules and expiries are testable with an injected time. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the given instant (tests, `--date` runs). */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}
