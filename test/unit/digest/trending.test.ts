import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankForTopics, rankTrending, selectUnseen, type Candidate } from "../../../src/digest/trending.ts";

const options = { anchorDay: "2026-07-03", windowDays: 7, halfLifeDays: 2 };
const ids = (ranked: { paperId: number }[]) => ranked.map((r) => r.paperId);

describe("rankTrending", () => {
  it("orders one day by its rank when votes are unknown (the seed pages)", () => {
    const day: Candidate[] = [3, 1, 2].map((rank) => ({ paperId: rank * 10, trends: [{ day: "2026-07-03", rank, upvotes: null }] }));
    expect(ids(rankTrending(day, options))).toEqual([10, 20, 30]);
  });

  it("lets votes reorder papers of the same day", () => {
    const day: Candidate[] = [
      { paperId: 1, trends: [{ day: "2026-07-03", rank: 1, upvotes: 10 }] },
      { paperId: 2, trends: [{ day: "2026-07-03", rank: 2, upvotes: 200 }] },
    ];
    expect(ids(rankTrending(day, options))).toEqual([2, 1]);
  });

  it("decays with age from the anchor day, not from the wall clock", () => {
    const ranked = rankTrending(
      [
        { paperId: 1, trends: [{ day: "2026-07-01", rank: 1, upvotes: null }] },
        { paperId: 2, trends: [{ day: "2026-07-03", rank: 1, upvotes: null }] },
      ],
      options,
    );
    expect(ids(ranked)).toEqual([2, 1]);
    // Two days old at a two-day half-life: exactly half the signal.
    expect(ranked[1]!.score / ranked[0]!.score).toBeCloseTo(0.5, 10);
  });

  it("adds up the days a paper trended on, and drops days outside the window", () => {
    const ranked = rankTrending(
      [
        { paperId: 1, trends: [{ day: "2026-07-03", rank: 2, upvotes: null }, { day: "2026-07-02", rank: 2, upvotes: null }] },
        { paperId: 2, trends: [{ day: "2026-07-03", rank: 1, upvotes: null }] },
        { paperId: 3, trends: [{ day: "2026-06-20", rank: 1, upvotes: null }, { day: "2026-07-04", rank: 1, upvotes: null }] },
      ],
      options,
    );
    expect(ids(ranked)).toEqual([1, 2]);
  });
});

describe("rankForTopics", () => {
  const trending = [1, 2, 3, 4].map((paperId, i) => ({ paperId, score: 4 - i }));

  it("keeps only matching papers and lets relevance lift them", () => {
    // Paper 3 (trending 2) fully relevant: 2 · 2 = 4; paper 2 (trending 3) barely: 3 · 1.01.
    const ranked = rankForTopics(trending, new Map([[3, 1], [2, 0.01]]));
    expect(ids(ranked)).toEqual([3, 2]);
    expect(ranked[0]!.score).toBeCloseTo(4, 10);
  });

  it("returns nothing when the topics matched nothing (the caller falls back)", () => {
    expect(rankForTopics(trending, new Map())).toEqual([]);
  });
});

describe("selectUnseen", () => {
  it("skips received papers and stops at the limit", () => {
    const ranked = [5, 4, 3, 2, 1].map((paperId) => ({ paperId, score: paperId }));
    expect(selectUnseen(ranked, new Set([4, 2]), 2)).toEqual([5, 3]);
    expect(selectUnseen(ranked, new Set([5, 4, 3, 2, 1]), 10)).toEqual([]);
  });

  it("never repeats a received paper, never exceeds the limit, and keeps the ranked order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 50 }),
        (paperIds, receivedIds, limit) => {
          const ranked = paperIds.map((paperId, i) => ({ paperId, score: paperIds.length - i }));
          const received = new Set(receivedIds);
          const picked = selectUnseen(ranked, received, limit);
          expect(picked.length).toBeLessThanOrEqual(limit);
          expect(picked.some((id) => received.has(id))).toBe(false);
          expect(new Set(picked).size).toBe(picked.length);
          const positions = picked.map((id) => paperIds.indexOf(id));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          const available = paperIds.filter((id) => !received.has(id)).length;
          expect(picked.length).toBe(Math.min(limit, available));
        },
      ),
    );
  });
});

describe("rankTrending properties", () => {
  it("is a stable total order: the same input in any order ranks the same", () => {
    const candidate = fc.record({
      paperId: fc.integer({ min: 1, max: 10_000 }),
      trends: fc.array(
        fc.record({
          day: fc.constantFrom("2026-06-28", "2026-06-30", "2026-07-01", "2026-07-02", "2026-07-03"),
          rank: fc.integer({ min: 1, max: 60 }),
          upvotes: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidate, { selector: (c) => c.paperId, maxLength: 40 }), (candidates) => {
        const forward = rankTrending(candidates, options);
        const backward = rankTrending([...candidates].reverse(), options);
        expect(backward).toEqual(forward);
        for (let i = 1; i < forward.length; i++) expect(forward[i - 1]!.score).toBeGreaterThanOrEqual(forward[i]!.score);
      }),
    );
  });
});
