import type { AppConfig } from "../config/env.ts";

/** The list headers every digest carries, ready to hand to Nodemailer or a raw message. */
export type ListHeaders = {
  "List-Unsubscribe": string;
  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click";
  "List-Id": string;
};

// RFC 2919 §3: an optional phrase, then the list identifier in angle brackets.
const LIST_NAME = "paperwire digest";
// A URL inside <…> may contain none of these (RFC 2369 §2); refusing them keeps a header intact.
const UNSAFE_IN_HEADER = /[\s<>"]/u;

/**
 * Builds List-Unsubscribe (RFC 2369; the reader's HTTPS link first, then a mailto when
 * UNSUBSCRIBE_MAILTO is set), List-Unsubscribe-Post for one-click (RFC 8058 §3.1) and List-Id
 * (RFC 2919). The one-click POST must unsubscribe with no further step. Pure.
 */
export function buildListHeaders(config: Pick<AppConfig, "listId" | "unsubscribeMailto">, unsubscribeUrl: string): ListHeaders {
  if (!/^https?:\/\//.test(unsubscribeUrl) || UNSAFE_IN_HEADER.test(unsubscribeUrl)) {
    throw new Error("unsubscribe URL must be an http(s) URL without spaces, quotes or angle brackets");
  }
  const targets = [`<${unsubscribeUrl}>`];
  if (config.unsubscribeMailto) targets.push(`<mailto:${config.unsubscribeMailto}?subject=unsubscribe>`);
  return {
    "List-Unsubscribe": targets.join(", "),
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `${LIST_NAME} <${config.listId}>`,
  };
}
