import { describe, expect, it } from "vitest";
import { mapLimited } from "../../../src/lib/map-limited.ts";

describe("mapLimited", () => {
  it("keeps the items' order and never has more than the limit in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later items finish first sometimes: order must still follow the input.
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it("handles an empty list and a limit above the count", async () => {
    expect(await mapLimited([], 4, async (n: number) => n)).toEqual([]);
    expect(await mapLimited([1, 2], 10, async (n) => n + 1)).toEqual([2, 3]);
  });

  it("rejects when a call rejects", async () => {
    await expect(mapLimited([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error("boom");
      return n;
    })).rejects.toThrow("boom");
  });
});
