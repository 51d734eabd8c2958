import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignContent, buildProfileKey, NO_GAINERS, topicsOfProfileKey, type ProfileRanking } from "../../../src/digest/assign-content.ts";
import { applyMomentum, chooseRanking, computeVoteGains, findSincePoint, rankByMomentum, type EditionVotes, type VotePoint } from "../../../src/digest/momentum.ts";
import { selectUnseen, type RankedPaper } from "../../../src/digest/trending.ts";

const ids = (ranked: readonly { paperId: number }[]) => ranked.map((r) => r.paperId);
const T = (minute: number) => Date.parse("2026-11-20T00:00:00Z") + minute * 60_000;

function votesOf(series: Record<number, [minute: number, upvotes: number][]>): EditionVotes {
  const map = new Map<number, VotePoint[]>();
  const times = new Set<number>();
  for (const [paperId, points] of Object.entries(series)) {
    map.set(Number(paperId), points.map(([minute, upvotes]) => ({ takenAt: T(minute), upvotes })));
    for (const [minute] of points) times.add(T(minute));
  }
  return { series: map, times: [...times].sort((a, b) => a - b) };
}

// Trending order 1..5; two snapshots: before the reader's last email (minute 10) and after (60).
const trending: RankedPaper[] = [1, 2, 3, 4, 5].map((paperId) => ({ paperId, score: 6 - paperId }));
const votes = votesOf({
  1: [[10, 100], [60, 101]], // +1
  2: [[10, 80], [60, 80]], //   +0
  3: [[10, 20], [60, 60]], //   +40
  4: [[60, 25]], //              first seen after the email: +25 from 0
  // 5: no votes known (a seed or arXiv paper)
});

describe("findSincePoint", () => {
  it("is the newest snapshot time at or before the last email, or null when every snapshot is newer", () => {
    expect(findSincePoint(votes.times, T(30))).toBe(T(10));
    expect(findSincePoint(votes.times, T(10))).toBe(T(10));
    expect(findSincePoint(votes.times, T(60))).toBe(T(60));
    expect(findSincePoint(votes.times, T(5))).toBeNull();
    expect(findSincePoint([], T(5))).toBeNull();
  });

  it("matches a linear search", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1_000 }), { maxLength: 40 }), fc.integer({ min: -10, max: 1_010 }), (raw, at) => {
        const times = [...raw].sort((a, b) => a - b);
        const expected = times.filter((t) => t <= at).at(-1) ?? null;
        expect(findSincePoint(times, at)).toBe(expected);
      }),
    );
  });
});

describe("chooseRanking", () => {
  it("gives momentum only to a momentum reader who has had an email", () => {
    expect(chooseRanking("trending", new Date(T(30)), votes)).toEqual({ mode: "trending" });
    expect(chooseRanking("momentum", null, votes)).toEqual({ mode: "trending" });
    expect(chooseRanking("momentum", new Date(T(30)), votes)).toEqual({ mode: "momentum", since: T(10) });
    expect(chooseRanking("momentum", new Date(T(5)), votes)).toEqual({ mode: "momentum", since: null });
  });
});

describe("computeVoteGains", () => {
  it("counts from the newest snapshot at or before the since-point, from 0 for papers first seen after it", () => {
    expect(computeVoteGains(votes, T(10))).toEqual(new Map([[1, 1], [2, 0], [3, 40], [4, 25]]));
    // Before every snapshot: every vote counts.
    expect(computeVoteGains(votes, null)).toEqual(new Map([[1, 101], [2, 80], [3, 60], [4, 25]]));
  });

  it("gives the same gains from the coarse since-point as from the exact email time, so readers can share", () => {
    const series = fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1_000 })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.dictionary(fc.integer({ min: 1, max: 60 }).map(String), series), fc.integer({ min: -5, max: 205 }), (raw, emailMinute) => {
        const sorted = Object.fromEntries(Object.entries(raw).map(([id, points]) => [id, [...points].sort((a, b) => a[0] - b[0])]));
        const v = votesOf(sorted as Record<number, [number, number][]>);
        const exact = new Map(
          [...v.series].map(([id, points]) => [id, points.at(-1)!.upvotes - (points.filter((p) => p.takenAt <= T(emailMinute)).at(-1)?.upvotes ?? 0)]),
        );
        expect(computeVoteGains(v, findSincePoint(v.times, T(emailMinute)))).toEqual(exact);
      }),
    );
  });
});

describe("rankByMomentum", () => {
  it("puts gainers first by gain, then the rest in trending order; the score is the gain", () => {
    const ranked = rankByMomentum(trending, computeVoteGains(votes, T(10)));
    expect(ids(ranked)).toEqual([3, 4, 1, 2, 5]);
    expect(ranked.map((r) => r.score)).toEqual([40, 25, 1, 0, 0]);
  });

  it("breaks equal gains on the trending order and ignores lost votes", () => {
    const gains = new Map([[5, 7], [2, 7], [1, -3]]);
    expect(ids(rankByMomentum(trending, gains))).toEqual([2, 5, 1, 3, 4]);
  });

  it("is the trending order when nothing gained votes", () => {
    expect(rankByMomentum(trending, new Map())).toEqual(trending.map((p) => ({ paperId: p.paperId, score: 0 })));
    expect(rankByMomentum([], new Map([[1, 5]]))).toEqual([]);
  });

  const listAndGains = fc
    .uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 60 })
    .chain((paperIds) =>
      fc.tuple(
        fc.constant(paperIds.map((paperId, i) => ({ paperId, score: paperIds.length - i }))),
        fc.array(fc.tuple(fc.constantFrom(...paperIds, 999), fc.integer({ min: -20, max: 50 })), { maxLength: 60 }),
      ),
    );

  it("keeps exactly the list's papers, orders gainers by gain then list position, and keeps the rest in list order", () => {
    fc.assert(
      fc.property(listAndGains, ([ranked, entries]) => {
        const gains = new Map(entries);
        const out = rankByMomentum(ranked, gains);
        expect([...ids(out)].sort((a, b) => a - b)).toEqual([...ids(ranked)].sort((a, b) => a - b));
        const position = new Map(ranked.map((p, i) => [p.paperId, i]));
        const gainOf = (id: number) => Math.max(0, gains.get(id) ?? 0);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1]!.paperId, out[i]!.paperId];
          expect(gainOf(a)).toBeGreaterThanOrEqual(gainOf(b));
          if (gainOf(a) === gainOf(b)) expect(position.get(a)!).toBeLessThan(position.get(b)!);
        }
      }),
    );
  });

  it("is deterministic: the same list and gains, however the gains were gathered, rank the same", () => {
    fc.assert(
      fc.property(listAndGains, ([ranked, entries]) => {
        const once = rankByMomentum(ranked, new Map(entries));
        const deduped = [...new Map(entries)];
        expect(rankByMomentum(ranked, new Map([...deduped].reverse()))).toEqual(once);
        expect(rankByMomentum(ranked, new Map(entries))).toEqual(once);
      }),
    );
  });

  it("then never repeats a received paper and never exceeds the limit", () => {
    fc.assert(
      fc.property(listAndGains, fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }), fc.integer({ min: 1, max: 50 }), ([ranked, entries], receivedIds, limit) => {
        const received = new Set(receivedIds);
        const picked = selectUnseen(rankByMomentum(ranked, new Map(entries)), received, limit);
        expect(picked.length).toBeLessThanOrEqual(limit);
        expect(new Set(picked).size).toBe(picked.length);
        expect(picked.some((id) => received.has(id))).toBe(false);
        expect(picked.length).toBe(Math.min(limit, ranked.filter((p) => !received.has(p.paperId)).length));
      }),
    );
  });
});

describe("momentum in content groups", () => {
  const topical: ProfileRanking = { ranked: trending, topics: ["graphs"], isFallback: false, gainers: NO_GAINERS };

  it("keys momentum readers by topics and since-point, so only the same since-point shares a ranking", () => {
    const base = { topics: ["Graphs", " agents"], papersPerEmail: 3 };
    const early = buildProfileKey({ ...base, ranking: { mode: "momentum", since: T(10) } });
    expect(buildProfileKey({ ...base, ranking: { mode: "trending" } })).toBe(buildProfileKey(base));
    expect(early).not.toBe(buildProfileKey(base));
    expect(early).toBe(buildProfileKey({ topics: ["agents", "graphs"], papersPerEmail: 3, ranking: { mode: "momentum", since: T(10) } }));
    expect(early).not.toBe(buildProfileKey({ ...base, ranking: { mode: "momentum", since: T(60) } }));
    expect(early).not.toBe(buildProfileKey({ ...base, ranking: { mode: "momentum", since: null } }));
    expect(topicsOfProfileKey(early)).toEqual(["agents", "graphs"]);
  });

  it("marks a group momentum only when its papers were ordered by gain", () => {
    const momentum = applyMomentum(topical, votes, T(10));
    const key = "m";
    const reader = (k: string, received: number[]) => ({ key: k, profileKey: key, papersPerEmail: 2, received: new Set(received), eligibleDays: null });
    const { groups, assigned } = assignContent([reader("a", []), reader("b", []), reader("c", [3, 4, 1])], new Map([[key, momentum]]), true, new Map());
    const groupOf = (k: string) => groups.get(assigned.get(k)!)!;
    expect(groupOf("a")).toMatchObject({ paperIds: [3, 4], ranking: "momentum", topics: ["graphs"] });
    expect(assigned.get("b")).toBe(assigned.get("a"));
    // Everything that gained was already received: what is left is in trending order.
    expect(groupOf("c")).toMatchObject({ paperIds: [2, 5], ranking: "trending" });
  });
});
