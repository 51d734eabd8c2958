import type { AppConfig } from "../config/env.ts";
import type { Clock } from "../lib/clock.ts";
import { signToken, type TokenPurpose } from "./tokens.ts";

/** The reader pages a link can lead to. `resubscribe` carries a preferences token. */
export type ReaderPage = "confirm" | "unsubscribe" | "preferences" | "resubscribe";

type LinkConfig = Pick<AppConfig, "publicUrl" | "appSecret" | "confirmTokenTtlHours">;

const PURPOSES: Record<ReaderPage, TokenPurpose> = {
  confirm: "confirm",
  unsubscribe: "unsubscribe",
  preferences: "preferences",
  resubscribe: "preferences",
};

/**
 * The site-relative path of a reader's page with its signed token, e.g.
 * `/unsubscribe?token=1.u.2n.0.…`. Only confirm links expire (after confirmTokenTtlHours); the
 * others must keep working in every email ever sent. Pure and fast: one HMAC.
 */
export function buildReaderPath(config: LinkConfig, page: ReaderPage, subscriberId: number, clock: Clock): string {
  const expiresAt = page === "confirm" ? new Date(clock.now().getTime() + config.confirmTokenTtlHours * 3_600_000) : undefined;
  const token = signToken(config.appSecret, { purpose: PURPOSES[page], subscriberId, expiresAt });
  // Tokens are [0-9A-Za-z._-] only, so they need no percent-encoding.
  return `/${page}?token=${token}`;
}

/** The absolute link for an email: PUBLIC_URL plus buildReaderPath. */
export function buildReaderUrl(config: LinkConfig, page: ReaderPage, subscriberId: number, clock: Clock): string {
  return `${config.publicUrl}${buildReaderPath(config, page, subscriberId, clock)}`;
}
