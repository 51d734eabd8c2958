import { describe, expect, it } from "vitest";
import { renderActivityChart } from "../../../src/http/pages/activity-chart.ts";

const days = (values: number[]) => values.map((value, i) => ({ day: `2026-03-${String(i + 1).padStart(2, "0")}`, value }));
const heights = (markup: string) => [...markup.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
const axisLabels = (markup: string) => [...markup.matchAll(/text-anchor="end"[^>]*>([\d,]+)</g)].map((m) => m[1]);

describe("renderActivityChart", () => {
  it("draws one bar per day, in proportion, with the day and value in its tooltip", () => {
    const { markup } = renderActivityChart({ label: "Signups", color: "#0b57d0", points: days([0, 10, 20, 40]) });
    const [zero, ten, twenty, forty] = heights(markup);
    expect(zero).toBe(0);
    expect(twenty! / ten!).toBeCloseTo(2, 1);
    expect(forty! / ten!).toBeCloseTo(4, 1);
    expect(markup).toContain("<title>2026-03-04: 40 signups</title>");
    expect(markup).toContain('aria-label="Signups per day from 2026-03-01 to 2026-03-04: 70 in all"');
  });

  it("ends the axis at a round number at or above the largest value", () => {
    const top = (max: number) => axisLabels(renderActivityChart({ label: "x", color: "#000", points: days([max]) }).markup).at(-1);
    expect(top(0)).toBe("2");
    expect(top(3)).toBe("4");
    expect(top(7)).toBe("10");
    expect(top(40)).toBe("40");
    expect(top(41)).toBe("100");
    expect(top(1953)).toBe("2,000");
  });

  it("names every seventh day counted back from the last, which is always named", () => {
    const { markup } = renderActivityChart({ label: "Sends", color: "#1a7f37", points: days(Array.from({ length: 30 }, () => 1)) });
    const named = [...markup.matchAll(/>(\d+ Mar)</g)].map((m) => m[1]);
    expect(named).toEqual(["2 Mar", "9 Mar", "16 Mar", "23 Mar", "30 Mar"]);
  });

  it("escapes what it is given", () => {
    const { markup } = renderActivityChart({ label: '<script>"x"', color: '"><script>', points: days([1]) });
    expect(markup).not.toContain("<script>");
  });
});
