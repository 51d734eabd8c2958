import { describe, expect, it } from "vitest";
import { computeDueZones, startOfUtcHour } from "../../../src/digest/due-hours.ts";

const at = (iso: string) => new Date(iso);
const only = (iso: string, tz: string) => computeDueZones(at(iso), [tz])[0]!;

describe("computeDueZones", () => {
  it("maps a UTC hour to each zone's local hour, date and weekday", () => {
    const zones = computeDueZones(at("2026-11-24T13:00:00Z"), ["UTC", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]);
    expect(zones).toEqual([
      { timezone: "UTC", localDate: "2026-11-24", isoWeekday: 2, sendHours: [13] },
      { timezone: "America/New_York", localDate: "2026-11-24", isoWeekday: 2, sendHours: [8] },
      { timezone: "Asia/Tokyo", localDate: "2026-11-24", isoWeekday: 2, sendHours: [22] },
      // Half-hour zones: 18:30 local; the reader whose hour is 18 is due at the slot where 18:xx begins.
      { timezone: "Asia/Kolkata", localDate: "2026-11-24", isoWeekday: 2, sendHours: [18] },
    ]);
  });

  it("crosses the date line: Tokyo's 8 am Wednesday is Tuesday 23:00 UTC", () => {
    expect(only("2026-11-24T23:00:00Z", "Asia/Tokyo")).toEqual({ timezone: "Asia/Tokyo", localDate: "2026-11-25", isoWeekday: 3, sendHours: [8] });
  });

  it("on a spring-forward day the skipped 2 am readers are due with the 3 am ones", () => {
    // 2026-03-08 in New York: 01:59 EST is followed by 03:00 EDT (07:00 UTC).
    expect(only("2026-03-08T06:00:00Z", "America/New_York").sendHours).toEqual([1]);
    expect(only("2026-03-08T07:00:00Z", "America/New_York").sendHours).toEqual([2, 3]);
    expect(only("2026-03-08T08:00:00Z", "America/New_York").sendHours).toEqual([4]);
  });

  it("on a fall-back day the repeated 1 am is due twice on the same local date (the ledger keeps one)", () => {
    // 2026-11-01 in New York: 01:00 EDT (05:00 UTC), then 01:00 EST again (06:00 UTC).
    const first = only("2026-11-01T05:00:00Z", "America/New_York");
    const second = only("2026-11-01T06:00:00Z", "America/New_York");
    expect(first.sendHours).toEqual([1]);
    expect(second.sendHours).toEqual([1]);
    expect(first.localDate).toBe(second.localDate);
  });

  it("every local hour of a year is due exactly once per local date, DST or not", () => {
    for (const tz of ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kathmandu"]) {
      const seen = new Map<string, Set<number>>();
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3600_000) {
        const zone = only(new Date(t).toISOString(), tz);
        const hours = seen.get(zone.localDate) ?? new Set<number>();
        for (const h of zone.sendHours) hours.add(h);
        seen.set(zone.localDate, hours);
      }
      const complete = [...seen.entries()].filter(([date]) => date > "2026-01-01" && date < "2026-12-31");
      for (const [date, hours] of complete) expect([date, hours.size]).toEqual([date, 24]);
    }
  });

  it("ignores unknown zones instead of failing the whole slot", () => {
    expect(computeDueZones(at("2026-11-24T13:00:00Z"), ["Mars/Olympus"])).toEqual([]);
  });

  it("floors an instant to its UTC hour", () => {
    expect(startOfUtcHour(at("2026-11-24T13:59:59.999Z")).toISOString()).toBe("2026-11-24T13:00:00.000Z");
  });
});
