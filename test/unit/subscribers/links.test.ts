import { describe, expect, it } from "vitest";
import { fixedClock } from "../../../src/lib/clock.ts";
import { InvalidTokenError } from "../../../src/lib/errors.ts";
import { buildReaderPath, buildReaderUrl } from "../../../src/subscribers/links.ts";
import { verifyToken } from "../../../src/subscribers/tokens.ts";

const config = { publicUrl: "https://papers.example.org", appSecret: "k".repeat(40), confirmTokenTtlHours: 72 };
const NOW = new Date("2026-11-24T10:00:00Z");
const clock = fixedClock(NOW);
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe("reader links", () => {
  it("builds absolute links on PUBLIC_URL whose tokens name the reader and the page", () => {
    const url = buildReaderUrl(config, "unsubscribe", 4242, clock);
    expect(url).toMatch(/^https:\/\/papers\.example\.org\/unsubscribe\?token=[0-9A-Za-z._-]+$/);
    expect(verifyToken(config.appSecret, tokenOf(url), "unsubscribe", NOW)).toBe(4242);
    expect(verifyToken(config.appSecret, tokenOf(buildReaderUrl(config, "preferences", 7, clock)), "preferences", NOW)).toBe(7);
  });

  it("expires confirm links after CONFIRM_TOKEN_TTL_HOURS and never the others", () => {
    const confirm = tokenOf(buildReaderUrl(config, "confirm", 9, clock));
    const justBefore = new Date(NOW.getTime() + 72 * 3_600_000 - 1000);
    const atExpiry = new Date(NOW.getTime() + 72 * 3_600_000);
    expect(verifyToken(config.appSecret, confirm, "confirm", justBefore)).toBe(9);
    expect(() => verifyToken(config.appSecret, confirm, "confirm", atExpiry)).toThrow(InvalidTokenError);
    const tenYearsOn = new Date(NOW.getTime() + 10 * 365 * 86_400_000);
    expect(verifyToken(config.appSecret, tokenOf(buildReaderUrl(config, "unsubscribe", 9, clock)), "unsubscribe", tenYearsOn)).toBe(9);
  });

  it("gives resubscribe links a preferences token, which an unsubscribe check refuses", () => {
    const path = buildReaderPath(config, "resubscribe", 5, clock);
    expect(path).toMatch(/^\/resubscribe\?token=/);
    const token = path.split("token=")[1]!;
    expect(verifyToken(config.appSecret, token, "preferences", NOW)).toBe(5);
    expect(() => verifyToken(config.appSecret, token, "unsubscribe", NOW)).toThrow(/not valid/);
  });

  it("is deterministic for links that do not expire", () => {
    expect(buildReaderUrl(config, "unsubscribe", 1, clock)).toBe(buildReaderUrl(config, "unsubscribe", 1, fixedClock(new Date(0))));
  });
});
