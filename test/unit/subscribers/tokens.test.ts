import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "../../../src/subscribers/tokens.ts";
import { InvalidTokenError } from "../../../src/lib/errors.ts";

const SECRET = "s".repeat(40);
const NOW = new Date("2026-11-24T10:00:00Z");

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.code;
    throw error;
  }
  return "accepted";
}

describe("signed tokens", () => {
  it("round-trips the subscriber id for its own purpose", () => {
    const token = signToken(SECRET, { purpose: "unsubscribe", subscriberId: 123456, expiresAt: undefined });
    expect(verifyToken(SECRET, token, "unsubscribe", NOW)).toBe(123456);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it("expires at its expiry, not before", () => {
    const token = signToken(SECRET, { purpose: "confirm", subscriberId: 7, expiresAt: new Date(NOW.getTime() + 60_000) });
    expect(verifyToken(SECRET, token, "confirm", NOW)).toBe(7);
    expect(problem(() => verifyToken(SECRET, token, "confirm", new Date(NOW.getTime() + 60_000)))).toBe("TOKEN_EXPIRED");
  });

  it("refuses a token of another purpose", () => {
    const token = signToken(SECRET, { purpose: "confirm", subscriberId: 7, expiresAt: undefined });
    expect(problem(() => verifyToken(SECRET, token, "unsubscribe", NOW))).toBe("TOKEN_WRONG_PURPOSE");
  });

  it("refuses a token signed with another secret or edited", () => {
    const token = signToken(SECRET, { purpose: "unsubscribe", subscriberId: 7, expiresAt: undefined });
    expect(problem(() => verifyToken("t".repeat(40), token, "unsubscribe", NOW))).toBe("TOKEN_FORGED");
    const edited = token.replace(".u.7.", ".u.8.");
    expect(problem(() => verifyToken(SECRET, edited, "unsubscribe", NOW))).toBe("TOKEN_FORGED");
    const purposeSwapped = token.replace(".u.", ".c.");
    expect(problem(() => verifyToken(SECRET, purposeSwapped, "confirm", NOW))).toBe("TOKEN_FORGED");
  });

  it.each([
    ["empty", ""],
    ["not a string", 42],
    ["truncated", signToken(SECRET, { purpose: "unsubscribe", subscriberId: 7, expiresAt: undefined }).slice(0, -3)],
    ["too few parts", "1.u.7"],
    ["wrong version", "2.u.7.0.AAAAAAAAAAAAAAAAAAAAAA"],
    ["huge", "1.u.7.0." + "A".repeat(500)],
    ["bad characters", "1.u.7.0.<script>"],
  ])("refuses a malformed token (%s)", (_name, token) => {
    expect(["TOKEN_MALFORMED", "TOKEN_FORGED"]).toContain(problem(() => verifyToken(SECRET, token, "unsubscribe", NOW)));
  });
});
