import type { AppConfig } from "../config/env.ts";
import type { Clock } from "../lib/clock.ts";
import { buildListHeaders } from "../mail/list-headers.ts";
import { buildReaderUrl } from "../subscribers/links.ts";

/** One reader's links and List-Unsubscribe header: two HMACs and a few string joins. */
export function buildReaderLinks(config: AppConfig, subscriberId: number, clock: Clock) {
  const unsubscribeUrl = buildReaderUrl(config, "unsubscribe", subscriberId, clock);
  const preferencesUrl = buildReaderUrl(config, "preferences", subscriberId, clock);
  return { unsubscribeUrl, preferencesUrl, headers: { "List-Unsubscribe": buildListHeaders(config, unsubscribeUrl)["List-Unsubscribe"] } };
}

/** The list headers that are the same for every reader (RFC 8058 one-click, RFC 2919 List-Id). */
export function buildDigestHeaders(config: AppConfig): Record<string, string> {
  const { "List-Unsubscribe-Post": post, "List-Id": listId } = buildListHeaders(config, `${config.publicUrl}/unsubscribe`);
  return { "List-Unsubscribe-Post": post, "List-Id": listId };
}
