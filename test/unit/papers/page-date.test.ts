import { describe, expect, it } from "vitest";
import { isMonthDay, resolveMonthDay } from "../../../src/papers/page-date.ts";

describe("resolveMonthDay", () => {
  const reference = new Date("2026-11-24T23:30:00Z");

  it("picks this year's day when it has passed", () => {
    expect(resolveMonthDay("Jul 3", reference)).toBe("2026-07-03");
    expect(resolveMonthDay("March 18", reference)).toBe("2026-03-18");
  });

  it("counts the reference day itself as passed", () => {
    expect(resolveMonthDay("Nov 24", reference)).toBe("2026-11-24");
  });

  it("falls back to last year for a day still to come", () => {
    expect(resolveMonthDay("Nov 25", reference)).toBe("2025-11-25");
    expect(resolveMonthDay("Dec 31", new Date("2026-01-01T00:00:00Z"))).toBe("2025-12-31");
  });

  it("finds the last leap year for Feb 29", () => {
    expect(resolveMonthDay("Feb 29", reference)).toBe("2024-02-29");
    expect(resolveMonthDay("Feb 29", new Date("2104-03-01T00:00:00Z"))).toBe("2104-02-29");
    expect(resolveMonthDay("Feb 29", new Date("2103-03-01T00:00:00Z"))).toBe("2096-02-29");
  });

  it("rejects lines that are not a real day", () => {
    expect(resolveMonthDay("Feb 30", reference)).toBeNull();
    expect(resolveMonthDay("Foo 3", reference)).toBeNull();
    expect(resolveMonthDay("Jul 3 2024", reference)).toBeNull();
  });
});

describe("isMonthDay", () => {
  it("knows dates from titles", () => {
    expect(["Jul 3", "Sep 30", "Sept 1", "jan 1"].map(isMonthDay)).toEqual([true, true, true, true]);
    expect(["May the Force", "Pointer Networks", "Jul", "3 Jul", "Marzipan 3"].map(isMonthDay)).toEqual([false, false, false, false, false]);
  });
});
