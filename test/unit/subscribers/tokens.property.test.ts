import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidTokenError } from "../../../src/lib/errors.ts";
import { signToken, verifyToken, type TokenPurpose } from "../../../src/subscribers/tokens.ts";

const NOW = new Date("2026-11-24T10:00:00Z");
const PURPOSES: TokenPurpose[] = ["confirm", "unsubscribe", "preferences"];
const TOKEN_CHARACTERS = [..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.", "=", "%", " ", "é"];

const secret = fc.string({ minLength: 32, maxLength: 64 });
const purpose = fc.constantFrom(...PURPOSES);
const subscriberId = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const futureExpiry = fc.option(fc.date({ min: new Date(NOW.getTime() + 1), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }), { nil: undefined });
const claims = fc.record({ purpose, subscriberId, expiresAt: futureExpiry });

// The code verifyToken refused with; anything but an InvalidTokenError fails the test.
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.code;
    throw error;
  }
  return "accepted";
}

/** A copy of `token` with the character at `index` replaced by a different one. */
const changedAt = (token: string, index: number, replacement: string) => token.slice(0, index) + replacement + token.slice(index + 1);

describe("signed tokens, for any claims", () => {
  it("round-trip the subscriber id for their own purpose until they expire", () => {
    fc.assert(
      fc.property(secret, claims, (key, c) => {
        expect(verifyToken(key, signToken(key, c), c.purpose, NOW)).toBe(c.subscriberId);
      }),
    );
  });

  it("are refused for every other purpose, and once expired", () => {
    fc.assert(
      fc.property(secret, claims, fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date(NOW.getTime() - 1000), noInvalidDate: true }), (key, c, past) => {
        for (const other of PURPOSES.filter((p) => p !== c.purpose)) expect(refusal(() => verifyToken(key, signToken(key, c), other, NOW))).toBe("TOKEN_WRONG_PURPOSE");
        expect(refusal(() => verifyToken(key, signToken(key, { ...c, expiresAt: past }), c.purpose, NOW))).toBe("TOKEN_EXPIRED");
      }),
    );
  });

  it("are refused after any change of one character", () => {
    fc.assert(
      fc.property(secret, claims, fc.nat(), fc.constantFrom(...TOKEN_CHARACTERS), (key, c, position, replacement) => {
        const token = signToken(key, c);
        const index = position % token.length;
        fc.pre(token[index] !== replacement);
        expect(refusal(() => verifyToken(key, changedAt(token, index, replacement), c.purpose, NOW))).not.toBe("accepted");
      }),
    );
  });

  // The last signature character carries unused bits, the one place a change could go unseen;
  // a random position rarely lands there, so it gets a property of its own.
  it("are refused after any change of the signature's last character", () => {
    fc.assert(
      fc.property(secret, claims, fc.constantFrom(...TOKEN_CHARACTERS), (key, c, replacement) => {
        const token = signToken(key, c);
        fc.pre(token.at(-1) !== replacement);
        expect(refusal(() => verifyToken(key, changedAt(token, token.length - 1, replacement), c.purpose, NOW))).not.toBe("accepted");
      }),
    );
  });
});

describe("verifyToken on anything else", () => {
  const tokenShaped = fc.stringMatching(/^1\.[cup]\.[0-9a-z]{1,12}\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{1,40}$/);
  const anything = fc.oneof(tokenShaped, fc.string(), fc.string({ unit: "binary", maxLength: 300 }), fc.anything());

  it("never accepts it and throws nothing but InvalidTokenError", () => {
    fc.assert(
      fc.property(secret, anything, purpose, (key, input, p) => {
        expect(refusal(() => verifyToken(key, input, p, NOW))).not.toBe("accepted");
      }),
    );
  });
});
