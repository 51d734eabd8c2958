import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../http/app-harness.ts";
import { expectRevalidation, isoDaysAgo, seedArchive, type ArchiveDates } from "./archive-fixtures.ts";

let t: TestApp;
let dates: ArchiveDates;

beforeAll(async () => {
  t = await startTestApp();
  dates = await seedArchive(t.db);
});

afterAll(async () => {
  await t?.close();
});

const FEED_LINKS = [
  /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="\/feed\.xml">/,
  /<link rel="alternate" type="application\/feed\+json" title="[^"]+" href="\/feed\.json">/,
];
const editionLinks = (body: string) => [...body.matchAll(/href="\/archive\/(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
const head = (body: string) => body.slice(0, body.indexOf("</head>"));

describe("GET /archive", () => {
  it("lists the public editions that have papers, newest first, each with its top paper, escaped", async () => {
    const res = await t.app.inject({ url: "/archive" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(editionLinks(res.body)).toEqual([dates.newer, dates.older]);
    expect(res.body).toContain('<span class="top">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(res.body).toContain('<span class="top">Older paper 1</span>');
    expect(res.body).not.toContain("<script>alert");
    expect(res.body).not.toContain("Older editions");
    for (const link of FEED_LINKS) expect(head(res.body)).toMatch(link);
  });

  it("pages with ?before= and refuses a malformed one", async () => {
    expect(editionLinks((await t.app.inject({ url: `/archive?before=${dates.newer}` })).body)).toEqual([dates.older]);
    const none = await t.app.inject({ url: `/archive?before=${dates.older}` });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain("There are no older editions.");
    for (const before of ["yesterday", "2026-02-30", "<script>"]) {
      const res = await t.app.inject({ url: `/archive?before=${encodeURIComponent(before)}` });
      expect(res.statusCode, before).toBe(400);
    }
  });

  it("answers a repeat request with 304", async () => {
    await expectRevalidation(t.app, "/archive");
  });
});

describe("GET /archive/:date", () => {
  it("shows the edition as the email does, hostile titles escaped, reader links pointing home", async () => {
    const res = await t.app.inject({ url: `/archive/${dates.newer}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
    expect(res.body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#37;&#37;unsubscribe_url&#37;&#37; &lt;/head&gt;");
    expect(res.body).not.toContain("<script");
    expect(res.body).toContain(">Newer runner-up</a>");
    expect(res.body).toContain("2 trending papers for");
    // No reader here: the placeholders are gone and their links lead to the signup page.
    expect(res.body).not.toMatch(/%%\w+%%/);
    expect(res.body).toMatch(/<a href="http:\/\/paperwire\.test\/"[^>]*>Unsubscribe<\/a>/);
    expect(res.body).toMatch(/<a href="http:\/\/paperwire\.test\/archive"[^>]*>Past editions<\/a>/);
    expect(res.body.split("</head>")).toHaveLength(2);
    expect(res.body).toMatch(/<a href="\/archive"[^>]*>← All editions<\/a> · The email of \w{3}, \w{3} \d{1,2}, \d{4} · <a href="\/"/);
    for (const link of FEED_LINKS) expect(head(res.body)).toMatch(link);
  });

  it("shows the first ten papers of the frozen ranking, in its order", async () => {
    const res = await t.app.inject({ url: `/archive/${dates.older}` });
    expect([...res.body.matchAll(/>Older paper (\d+)<\/a>/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it.each([
    ["an edition without papers", () => `/archive/${dates.empty}`],
    ["an edition dated in the future", () => `/archive/${dates.future}`],
    ["a date without an edition", () => `/archive/${isoDaysAgo(50)}`],
    ["an impossible date", () => "/archive/2026-02-30"],
    ["an unpadded date", () => "/archive/2026-1-1"],
    ["a word", () => "/archive/latest"],
    ["markup", () => `/archive/${encodeURIComponent("<script>alert(1)</script>")}`],
    ["a date with a suffix", () => `/archive/${dates.newer}.json`],
    ["an encoded NUL", () => `/archive/${dates.newer}%00`],
    ["a path traversal", () => "/archive/..%2F..%2Fetc%2Fpasswd"],
    ["a trailing slash", () => "/archive/"],
  ])("is 404 for %s", async (_name, url) => {
    const res = await t.app.inject({ url: url() });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).not.toContain("<script>alert");
  });

  it("is 414 (Fastify's own answer to a path segment over 100 characters), never 500, for a very long value", async () => {
    const res = await t.app.inject({ url: `/archive/${"9".repeat(500)}` });
    expect(res.statusCode).toBe(414);
  });

  it("answers a repeat request with 304", async () => {
    await expectRevalidation(t.app, `/archive/${dates.newer}`);
  });

  it("renders an edition once per process: a later change to a paper keeps the same page", async () => {
    const first = await t.app.inject({ url: `/archive/${dates.older}` });
    await t.db.paper.updateMany({ where: { title: "Older paper 2" }, data: { title: "Renamed paper" } });
    const again = await t.app.inject({ url: `/archive/${dates.older}` });
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body).toBe(first.body);
  });
});

describe("links to the archive", () => {
  it("are on the signup page, with the feeds in its head", async () => {
    const res = await t.app.inject({ url: "/" });
    expect(res.body).toContain('<a href="/archive">');
    for (const link of FEED_LINKS) expect(head(res.body)).toMatch(link);
  });
});

// Last: it adds editions the tests above do not expect.
describe("a long archive", () => {
  it("shows 60 editions a page and links to the older ones", async () => {
    const paper = await t.db.paper.findFirstOrThrow({ where: { title: "Newer runner-up" } });
    const extra = Array.from({ length: 70 }, (_, i) => isoDaysAgo(100 + i));
    await t.db.edition.createMany({ data: extra.map((date) => ({ date: new Date(`${date}T00:00:00Z`), trendingDays: [], paperIds: [paper.id], paperScores: [1] })) });

    const first = await t.app.inject({ url: "/archive" });
    const shown = editionLinks(first.body);
    expect(shown).toEqual([dates.newer, dates.older, ...extra.slice(0, 58)]);
    const older = /<a href="(\/archive\?before=[\d-]+)" rel="next">Older editions<\/a>/.exec(first.body)![1]!;
    expect(older).toBe(`/archive?before=${extra[57]}`);
    const second = await t.app.inject({ url: older });
    expect(editionLinks(second.body)).toEqual(extra.slice(58));
    expect(second.body).not.toContain("Older editions");
  });
});
