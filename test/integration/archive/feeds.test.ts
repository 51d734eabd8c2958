import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../http/app-harness.ts";
import { expectRevalidation, HOSTILE_TITLE, seedArchive, type ArchiveDates } from "./archive-fixtures.ts";

let t: TestApp;
let dates: ArchiveDates;

beforeAll(async () => {
  t = await startTestApp();
  dates = await seedArchive(t.db);
});

afterAll(async () => {
  await t?.close();
});

const SITE = "http://paperwire.test";
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isString = (value: unknown): value is string => typeof value === "string";
const isAbsoluteUrl = (value: unknown) => isString(value) && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** Every rule JSON Feed 1.1 (https://jsonfeed.org/version/1.1) states with "required" or "must", checked one by one. */
function findJsonFeedProblems(feed: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (feed.version !== "https://jsonfeed.org/version/1.1") problems.push("version must be the 1.1 URL");
  if (!isString(feed.title) || feed.title === "") problems.push("title is required");
  if (!Array.isArray(feed.items)) return [...problems, "items is required and must be an array"];
  for (const key of ["home_page_url", "feed_url"]) {
    if (feed[key] !== undefined && !isAbsoluteUrl(feed[key])) problems.push(`${key} must be a URL`);
  }
  if (feed.authors !== undefined) {
    if (!Array.isArray(feed.authors)) problems.push("authors must be an array");
    else if (feed.authors.some((a: Record<string, unknown>) => a.name === undefined && a.url === undefined && a.avatar === undefined)) {
      problems.push("each author needs a name, url or avatar");
    }
  }
  const ids = new Set<string>();
  (feed.items as Record<string, unknown>[]).forEach((item, i) => {
    if (!isString(item.id) || item.id === "") problems.push(`items[${i}].id is required (a string)`);
    else if (ids.has(item.id)) problems.push(`items[${i}].id must be unique`);
    else ids.add(item.id);
    if (!isString(item.content_html) && !isString(item.content_text)) problems.push(`items[${i}] needs content_html or content_text`);
    if (item.url !== undefined && !isAbsoluteUrl(item.url)) problems.push(`items[${i}].url must be a URL`);
    for (const key of ["date_published", "date_modified"]) {
      if (item[key] !== undefined && !(isString(item[key]) && RFC_3339.test(item[key]))) problems.push(`items[${i}].${key} must be RFC 3339`);
    }
  });
  return problems;
}

describe("GET /feed.xml", () => {
  it("is RSS 2.0 a feed parser reads: the public editions, newest first, absolute links, hostile titles intact", async () => {
    const res = await t.app.inject({ url: "/feed.xml" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
    const feed = await new Parser().parseString(res.body);
    expect(feed.link).toBe(`${SITE}/archive`);
    expect(feed.items.map((item) => item.link)).toEqual([`${SITE}/archive/${dates.newer}`, `${SITE}/archive/${dates.older}`]);
    const [newer, older] = feed.items;
    expect(newer!.title).toContain(`: ${HOSTILE_TITLE}, and 1 more`);
    expect(newer!.guid).toBe(newer!.link);
    expect(newer!.content).toContain("&lt;script&gt;");
    expect(newer!.content).not.toContain("<script>");
    expect(older!.content!.match(/<li>/g)).toHaveLength(10);
    for (const item of feed.items) {
      expect(new Date(item.pubDate!).toUTCString()).toBe(item.pubDate);
      expect(item.isoDate).toBe(new Date(item.pubDate!).toISOString());
    }
  });

  it("answers a repeat request with 304", async () => {
    await expectRevalidation(t.app, "/feed.xml");
  });
});

describe("GET /feed.json", () => {
  it("is JSON Feed 1.1 with every required field, the same items as the RSS feed", async () => {
    const res = await t.app.inject({ url: "/feed.json" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    const feed = JSON.parse(res.body);
    expect(findJsonFeedProblems(feed)).toEqual([]);
    expect(feed).toMatchObject({ home_page_url: `${SITE}/archive`, feed_url: `${SITE}/feed.json` });
    expect(feed.items.map((item: { url: string }) => item.url)).toEqual([`${SITE}/archive/${dates.newer}`, `${SITE}/archive/${dates.older}`]);
    expect(feed.items[0].title).toContain(HOSTILE_TITLE);
    expect(feed.items[0].content_html).not.toContain("<script>");
  });

  it("finds the problems it should (the check itself is not vacuous)", () => {
    expect(findJsonFeedProblems({ version: "https://jsonfeed.org/version/1", items: [{ id: 1, url: "/relative", date_published: "yesterday" }, { id: "a", content_text: "" }, { id: "a", content_html: "" }] })).toEqual([
      "version must be the 1.1 URL",
      "title is required",
      "items[0].id is required (a string)",
      "items[0] needs content_html or content_text",
      "items[0].url must be a URL",
      "items[0].date_published must be RFC 3339",
      "items[2].id must be unique",
    ]);
  });

  it("answers a repeat request with 304", async () => {
    await expectRevalidation(t.app, "/feed.json");
  });
});
