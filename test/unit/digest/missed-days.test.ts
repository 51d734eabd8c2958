import { describe, expect, it } from "vitest";
import { computeEligibleDays } from "../../../src/digest/missed-days.ts";

// A week of Daily Papers: Friday, then Saturday and Sunday (imported late), then Monday.
const days = ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"];
const sorted = (set: ReadonlySet<string> | null) => (set === null ? null : [...set].sort());

describe("computeEligibleDays", () => {
  it("lets a first email draw from the whole window", () => {
    expect(computeEligibleDays(days, null, "skip")).toBeNull();
    expect(computeEligibleDays(days, null, "catch_up")).toBeNull();
  });

  it("gives nothing when no day is newer than the last email's (a weekend without papers)", () => {
    expect(sorted(computeEligibleDays(["2026-11-19", "2026-11-20"], "2026-11-20", "skip"))).toEqual([]);
    expect(sorted(computeEligibleDays(["2026-11-19", "2026-11-20"], "2026-11-20", "catch_up"))).toEqual([]);
  });

  it("skip: only the newest day", () => {
    expect(sorted(computeEligibleDays(days, "2026-11-20", "skip"))).toEqual(["2026-11-23"]);
  });

  it("catch_up: the best of Saturday, Sunday and Monday on Monday", () => {
    expect(sorted(computeEligibleDays(days, "2026-11-20", "catch_up"))).toEqual(["2026-11-21", "2026-11-22", "2026-11-23"]);
  });
});
