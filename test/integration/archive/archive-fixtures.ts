import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Db } from "../../../src/db/client.ts";
import { ensureEditions } from "../../../src/digest/edition.repo.ts";
import { makePaper } from "../factories.ts";

/** Markup, a placeholder lookalike and a head terminator: everything a title must not become. */
export const HOSTILE_TITLE = `<script>alert("x")</script> & "quotes" %%unsubscribe_url%% </head>`;

/** A date `days` before today (UTC); negative for the future. */
export const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export type ArchiveDates = { newer: string; older: string; empty: string; future: string };

/**
 * Two public editions (the newer one led by a hostile title, the older one with 12 candidates of
 * which the archive shows 10), one without papers and one dated in the future.
 */
export async function seedArchive(db: Db): Promise<ArchiveDates> {
  const dates = { newer: isoDaysAgo(2), older: isoDaysAgo(12), empty: isoDaysAgo(30), future: isoDaysAgo(-5) };
  for (let rank = 1; rank <= 12; rank++) {
    await makePaper(db, { title: `Older paper ${rank}`, arxivId: `2611.${String(rank).padStart(5, "0")}`, trends: [{ day: dates.older, rank, upvotes: 200 - rank }] });
  }
  await makePaper(db, { title: HOSTILE_TITLE, authors: [HOSTILE_TITLE], trends: [{ day: dates.newer, rank: 1, upvotes: 90 }] });
  await makePaper(db, { title: "Newer runner-up", trends: [{ day: dates.newer, rank: 2, upvotes: 40 }] });
  // The edition of `empty` has no trending day on or before it, so its frozen list is empty.
  await ensureEditions(db, [dates.empty, dates.older, dates.newer, dates.future], 7);
  return dates;
}

/**
 * A repeat request with either validator gets 304 (with the validators and no body); a changed
 * ETag gets the content again even when the date would say "not modified" (RFC 9110 §13.2.2).
 */
export async function expectRevalidation(app: FastifyInstance, url: string): Promise<void> {
  const first = await app.inject({ url });
  expect(first.statusCode).toBe(200);
  const etag = first.headers.etag as string;
  const lastModified = first.headers["last-modified"] as string;
  expect(etag).toMatch(/^"[\w-]{20,}"$/);
  expect(new Date(lastModified).toUTCString()).toBe(lastModified);
  expect(first.headers["cache-control"]).toMatch(/^public, max-age=\d+$/);

  for (const headers of [{ "if-none-match": etag }, { "if-none-match": `"other", W/${etag}` }, { "if-modified-since": lastModified }]) {
    const repeat = await app.inject({ url, headers });
    expect(repeat.statusCode, JSON.stringify(headers)).toBe(304);
    expect(repeat.body).toBe("");
    expect(repeat.headers.etag).toBe(etag);
    expect(repeat.headers["cache-control"]).toBe(first.headers["cache-control"]);
  }
  const changed = await app.inject({ url, headers: { "if-none-match": '"stale"', "if-modified-since": lastModified } });
  expect(changed.statusCode).toBe(200);
  expect(changed.body).toBe(first.body);
  const older = await app.inject({ url, headers: { "if-modified-since": new Date(Date.parse(lastModified) - 1000).toUTCString() } });
  expect(older.statusCode).toBe(200);
}
