import { describe, expect, it } from "vitest";
import { computeSlotsToPlan } from "../../../src/digest/catch-up.ts";

const h = (hour: number) => new Date(Date.UTC(2026, 10, 24, hour));

describe("computeSlotsToPlan", () => {
  it("plans only the current hour on a first start or when nothing was missed", () => {
    expect(computeSlotsToPlan(null, h(10), 6)).toEqual({ slots: [h(10)], dropped: 0 });
    expect(computeSlotsToPlan(h(9), h(10), 6)).toEqual({ slots: [h(10)], dropped: 0 });
    expect(computeSlotsToPlan(h(10), h(10), 6)).toEqual({ slots: [h(10)], dropped: 0 });
  });

  it("catches up the hours missed while the process was down", () => {
    expect(computeSlotsToPlan(h(7), h(10), 6)).toEqual({ slots: [h(8), h(9), h(10)], dropped: 0 });
  });

  it("bounds the catch-up and reports the hours it dropped", () => {
    expect(computeSlotsToPlan(h(0), h(10), 3)).toEqual({ slots: [h(7), h(8), h(9), h(10)], dropped: 6 });
  });
});
