import { describe, expect, it } from "vitest";
import { computeEarliestSendHour, computeImportTargets } from "../../../src/papers/import-schedule.ts";

describe("computeImportTargets", () => {
  it("imports today's and yesterday's Hugging Face papers and each arXiv category", () => {
    expect(computeImportTargets(new Date("2026-11-24T00:30:00Z"), ["cs.LG", "cs.CL"])).toEqual([
      { source: "huggingface", target: "2026-11-23" },
      { source: "huggingface", target: "2026-11-24" },
      { source: "arxiv", target: "cs.LG" },
      { source: "arxiv", target: "cs.CL" },
    ]);
  });
});

describe("computeEarliestSendHour", () => {
  it("finds the first UTC hour of the day at which any reader is due", () => {
    const readers = [
      { timezone: "Europe/Berlin", sendHour: 8 }, // 07:00 UTC in winter
      { timezone: "America/New_York", sendHour: 6 }, // 11:00 UTC
      { timezone: "Asia/Tokyo", sendHour: 9 }, // 00:00 UTC
    ];
    expect(computeEarliestSendHour("2026-11-24", readers)?.toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(computeEarliestSendHour("2026-11-24", readers.slice(0, 2))?.toISOString()).toBe("2026-11-24T07:00:00.000Z");
  });

  it("is null when nobody is subscribed", () => {
    expect(computeEarliestSendHour("2026-11-24", [])).toBeNull();
  });

  it("places a half-hour zone's reader in the slot that serves them: the next full UTC hour", () => {
    // 08:00 in India is 02:30 UTC; the 03:00 UTC slot (08:30 local) is the first with local hour 8.
    expect(computeEarliestSendHour("2026-11-24", [{ timezone: "Asia/Kolkata", sendHour: 8 }])?.toISOString()).toBe("2026-11-24T03:00:00.000Z");
  });
});
