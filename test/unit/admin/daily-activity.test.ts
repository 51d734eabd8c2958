import { describe, expect, it } from "vitest";
import { buildDailyActivity, computeActivityStart } from "../../../src/admin/daily-activity.ts";

const NOW = new Date("2026-03-02T05:30:00Z");

describe("buildDailyActivity", () => {
  it("has one entry per UTC day ending today, oldest first, across a month's end", () => {
    const days = buildDailyActivity([], NOW, 5).map((d) => d.day);
    expect(days).toEqual(["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("merges the rows of each day and counts missing days as zero", () => {
    const activity = buildDailyActivity(
      [
        { day: "2026-03-01", signups: 4, unsubscribes: 1 },
        { day: "2026-03-01", sends: 120 },
        { day: "2026-03-02", signups: 2 },
      ],
      NOW,
      3,
    );
    expect(activity).toEqual([
      { day: "2026-02-28", signups: 0, unsubscribes: 0, sends: 0 },
      { day: "2026-03-01", signups: 4, unsubscribes: 1, sends: 120 },
      { day: "2026-03-02", signups: 2, unsubscribes: 0, sends: 0 },
    ]);
  });

  it("ignores rows outside the days shown", () => {
    const activity = buildDailyActivity([{ day: "2026-02-01", signups: 9 }, { day: "2026-03-03", sends: 9 }], NOW, 3);
    expect(activity.every((d) => d.signups === 0 && d.sends === 0)).toBe(true);
  });
});

describe("computeActivityStart", () => {
  it("is midnight UTC of the oldest day shown", () => {
    expect(computeActivityStart(NOW, 30).toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(computeActivityStart(NOW, 1).toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });
});
