import { DateTime } from "luxon";

/** Which readers of one time zone are due in a slot: their local date and the send hours that fall now. */
export type DueZone = { timezone: string; localDate: string; isoWeekday: number; sendHours: number[] };

/**
 * For the UTC hour `slotStart`, the send hours due in each zone. Normally that is the local hour
 * of the slot. When a DST jump skips local hours (02:00 does not exist on a spring-forward day),
 * the skipped hours are due in the first hour after the jump, so no reader loses a day. When DST
 * repeats an hour, both UTC hours map to the same local date; the ledger's one delivery per
 * reader and edition makes the second a no-op.
 */
export function computeDueZones(slotStart: Date, timezones: readonly string[]): DueZone[] {
  const utc = DateTime.fromJSDate(slotStart, { zone: "utc" }).startOf("hour");
  const zones: DueZone[] = [];
  for (const timezone of timezones) {
    const local = utc.setZone(timezone);
    if (!local.isValid) continue;
    const previous = utc.minus({ hours: 1 }).setZone(timezone);
    const sendHours: number[] = [local.hour];
    // Hours strictly between the previous slot's local hour and this one were skipped.
    if (previous.toISODate() === local.toISODate()) {
      for (let h = previous.hour + 1; h < local.hour; h++) sendHours.unshift(h);
    } else if (local.hour > 0) {
      for (let h = 0; h < local.hour; h++) sendHours.unshift(h);
    }
    zones.push({ timezone, localDate: local.toISODate()!, isoWeekday: local.weekday, sendHours: sendHours.sort((a, b) => a - b) });
  }
  return zones;
}

/** The start of the UTC hour containing `at`. */
export function startOfUtcHour(at: Date): Date {
  const d = new Date(at.getTime());
  d.setUTCMinutes(0, 0, 0);
  return d;
}
