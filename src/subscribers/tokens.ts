import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidTokenError } from "../lib/errors.ts";

/** What a token lets its holder do. A token of one purpose is refused for every other. */
export type TokenPurpose = "confirm" | "unsubscribe" | "preferences";

const PURPOSE_CODES: Record<TokenPurpose, string> = { confirm: "c", unsubscribe: "u", preferences: "p" };
const VERSION = "1";
// 128 bits of HMAC-SHA256 is far beyond guessing and keeps links short.
const SIGNATURE_BYTES = 16;
const MAX_TOKEN_LENGTH = 128;

export type TokenClaims = { purpose: TokenPurpose; subscriberId: number; expiresAt: Date | undefined };

/**
 * Signs `<version>.<purpose>.<subscriber id>.<expiry>.<signature>` (ids and expiry in base 36,
 * expiry 0 for never) with HMAC-SHA256 under the app secret. Nothing of it is stored.
 */
export function signToken(secret: string, claims: TokenClaims): string {
  const expiry = claims.expiresAt ? Math.ceil(claims.expiresAt.getTime() / 1000).toString(36) : "0";
  const body = `${VERSION}.${PURPOSE_CODES[claims.purpose]}.${claims.subscriberId.toString(36)}.${expiry}`;
  return `${body}.${signature(secret, body)}`;
}

/**
 * Checks a token's signature in constant time, then its purpose and expiry. Returns the
 * subscriber id, or throws InvalidTokenError with the precise reason (for logs) and a safe
 * public message.
 */
export function verifyToken(secret: string, token: unknown, purpose: TokenPurpose, now: Date): number {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError("TOKEN_MALFORMED");
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new InvalidTokenError("TOKEN_MALFORMED");
  const [version, purposeCode, idPart, expiryPart, givenSignature] = parts as [string, string, string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(idPart) || !/^[0-9a-z]{1,12}$/.test(expiryPart) || !/^[A-Za-z0-9_-]+$/.test(givenSignature)) {
    throw new InvalidTokenError("TOKEN_MALFORMED");
  }
  // The signature's text is compared, not its decoded bytes: the last base64url character has
  // unused bits, and comparing bytes would accept 15 other spellings of one valid token.
  const expected = Buffer.from(signature(secret, `${version}.${purposeCode}.${idPart}.${expiryPart}`), "latin1");
  const given = Buffer.from(givenSignature, "latin1");
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time constant.
  const isValid = given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
  if (!isValid) throw new InvalidTokenError("TOKEN_FORGED");
  if (purposeCode !== PURPOSE_CODES[purpose]) throw new InvalidTokenError("TOKEN_WRONG_PURPOSE");
  const expirySeconds = parseInt(expiryPart, 36);
  if (expirySeconds !== 0 && expirySeconds * 1000 <= now.getTime()) throw new InvalidTokenError("TOKEN_EXPIRED");
  const subscriberId = parseInt(idPart, 36);
  if (!Number.isSafeInteger(subscriberId) || subscriberId < 1) throw new InvalidTokenError("TOKEN_MALFORMED");
  return subscriberId;
}

function signature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest().subarray(0, SIGNATURE_BYTES).toString("base64url");
}
