import { describe, expect, it } from "vitest";
import { computeArchiveToday, computeLastPublished, computePublishedAt, formatEditionDate, isIsoDate } from "../../../src/digest/archive-edition.ts";

describe("computeArchiveToday", () => {
  it("is the date in UTC+14, the first zone to reach a new day", () => {
    expect(computeArchiveToday(new Date("2026-11-24T09:59:59Z"))).toBe("2026-11-24");
    expect(computeArchiveToday(new Date("2026-11-24T10:00:00Z"))).toBe("2026-11-25");
    expect(computeArchiveToday(new Date("2026-12-31T23:00:00Z"))).toBe("2027-01-01");
  });
});

describe("computePublishedAt", () => {
  it("is the start of the date in UTC+14 for an edition created before it", () => {
    expect(computePublishedAt("2026-11-25", new Date("2026-11-20T08:00:00Z")).toISOString()).toBe("2026-11-24T10:00:00.000Z");
  });

  it("is the creation time for an edition created once its date had begun", () => {
    expect(computePublishedAt("2026-11-24", new Date("2026-11-24T08:00:00.123Z")).toISOString()).toBe("2026-11-24T08:00:00.123Z");
  });
});

describe("computeLastPublished", () => {
  it("is the latest publication, whatever the order, and undefined for none", () => {
    const at = (iso: string) => ({ publishedAt: new Date(iso) });
    expect(computeLastPublished([at("2026-11-20T10:00:00Z"), at("2026-11-23T10:00:00Z"), at("2026-11-21T10:00:00Z")])?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(computeLastPublished([])).toBeUndefined();
  });
});

describe("isIsoDate", () => {
  it.each(["2026-11-24", "2024-02-29", "0001-01-01"])("accepts %s", (value) => expect(isIsoDate(value)).toBe(true));

  it.each(["2026-02-30", "2025-02-29", "2026-13-01", "2026-1-1", "20261124", "2026-11-24T00:00:00Z", " 2026-11-24", "2026-11-24\n", "", "latest"])(
    "refuses %j",
    (value) => expect(isIsoDate(value)).toBe(false),
  );
});

describe("formatEditionDate", () => {
  it("writes the date as the email heading does, whatever the process time zone", () => {
    expect(formatEditionDate("2026-11-24")).toBe("Tue, Nov 24, 2026");
  });
});
