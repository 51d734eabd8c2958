import { createHash } from "node:crypto";
import { domainToASCII } from "node:url";

// RFC 5321 §4.5.3.1.1-3: local part ≤ 64 octets, domain ≤ 255, and a path (address plus angle
// brackets) ≤ 256, so the address itself ≤ 254.
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 255;
const MAX_ADDRESS_LENGTH = 254;
/** Longest raw input looked at; anything longer cannot become a valid address. */
export const MAX_EMAIL_INPUT_LENGTH = 320;

// Controls (CR/LF: header injection), format characters (zero-width, bidi overrides) and line or
// paragraph separators are refused anywhere, before any mapping could hide them.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
// RFC 5322 §3.2.3 dot-atom in ASCII only. Quoted local parts and SMTPUTF8 local parts are legal,
// but they carry every spoofing trick and few relays accept them.
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// RFC 1035 §2.3.1 letter-digit-hyphen labels, as they are after IDNA conversion.
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export type EmailAddressResult = { ok: true; address: string } | { ok: false; problem: string };

/**
 * Normalises an address as typed: trims it, converts an internationalised domain to its ASCII
 * (punycode) form and lower-cases it. The local part keeps its case (RFC 5321 §2.4). Returns a
 * reader-facing reason when the address cannot be used.
 */
export function normaliseEmailAddress(input: string): EmailAddressResult {
  if (input.length > MAX_EMAIL_INPUT_LENGTH) return fail(`An email address can be at most ${MAX_ADDRESS_LENGTH} characters long.`);
  if (FORBIDDEN_CHARACTERS.test(input)) return fail("Email addresses can't contain line breaks, control or invisible characters.");
  const trimmed = input.trim();
  if (trimmed === "") return fail("Please enter your email address.");
  if (/\s/u.test(trimmed)) return fail("Email addresses can't contain spaces.");
  const at = trimmed.lastIndexOf("@");
  if (at < 1 || at === trimmed.length - 1 || trimmed.indexOf("@") !== at) {
    return fail("Please enter an email address like name@example.org.");
  }
  const local = trimmed.slice(0, at);
  if (local.length > MAX_LOCAL_LENGTH) return fail(`The part before the @ can be at most ${MAX_LOCAL_LENGTH} characters long.`);
  if (!DOT_ATOM.test(local)) {
    return fail("The part before the @ can only use letters A-Z, digits and . _ + - (no leading, trailing or double dots).");
  }
  const domain = normaliseDomain(trimmed.slice(at + 1));
  if (domain === undefined) return fail("The part after the @ is not a valid domain name.");
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS_LENGTH) return fail(`An email address can be at most ${MAX_ADDRESS_LENGTH} characters long.`);
  return { ok: true, address };
}

/** sha256 of a normalised address, hex: what the suppression list keeps after the address is erased. */
export function hashEmailAddress(address: string): string {
  return createHash("sha256").update(address).digest("hex");
}

function normaliseDomain(input: string): string | undefined {
  // Address literals ([192.0.2.1]) are legal but no reader has one; they only serve probing.
  if (input.startsWith("[")) return undefined;
  // UTS #46 processing: maps full-width forms, lower-cases and encodes to punycode; "" on failure.
  const ascii = domainToASCII(input);
  if (ascii === "" || ascii.length > MAX_DOMAIN_LENGTH) return undefined;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((label) => DNS_LABEL.test(label))) return undefined;
  // An all-numeric top-level label is an IP address, not a domain.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return ascii;
}

function fail(problem: string): EmailAddressResult {
  return { ok: false, problem };
}
