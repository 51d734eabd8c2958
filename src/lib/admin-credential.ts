import { createHash, timingSafeEqual } from "node:crypto";

/** The user name of HTTP basic auth; the password is ADMIN_TOKEN. */
const ADMIN_USER = "admin";

/** Wrong credentials from one IP before it is refused outright, whatever it sends, until the window ends. */
export const ADMIN_AUTH_FAILURES = Object.freeze({ max: 10, timeWindow: 15 * 60_000 });

/** What a refused client is told to answer with: browsers show their login dialog for it. */
export const ADMIN_CHALLENGE = 'Basic realm="paperwire admin", charset="UTF-8"';

/**
 * Builds the check of an `Authorization` header against ADMIN_TOKEN: `Bearer <token>`, or basic
 * auth as "admin" with the token as password. Shared by the web's admin pages and the metrics
 * server of worker and scheduler processes, so every scrape authenticates the same way.
 */
export function createAdminCredentialCheck(adminToken: string): (header: string) => boolean {
  const expected = digest(adminToken);
  return (header) => {
    const [, scheme = "", value = ""] = /^(\S+)\s+(.*)$/s.exec(header.trim()) ?? [];
    switch (scheme.toLowerCase()) {
      case "bearer":
        return timingSafeEqual(digest(value), expected);
      case "basic": {
        const decoded = Buffer.from(value, "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        // Both halves are always compared, so the time taken never tells which one was wrong.
        const isPassword = timingSafeEqual(digest(colon < 0 ? "" : decoded.slice(colon + 1)), expected);
        return colon >= 0 && decoded.slice(0, colon) === ADMIN_USER && isPassword;
      }
      default:
        return false;
    }
  };
}

// Comparing fixed-length digests keeps timingSafeEqual's length check from leaking the token's length.
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
