import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { escapeHtml } from "./fill-template.ts";
import { READER_PLACEHOLDERS } from "./digest-content.ts";

/** Per-reader values filled into a prepared message. */
export type ReaderParts = {
  /** ASCII address (domains are stored in punycode; see subscribers' address rules). */
  to: string;
  /** Our Message-ID, without angle brackets; stable for one delivery across retries. */
  messageId: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  /** Extra headers of this reader, already valid header values (List-Unsubscribe…). */
  headers: Readonly<Record<string, string>>;
};

type Placeholder = { placeholder: keyof typeof READER_PLACEHOLDERS; part: "html" | "text" };

/**
 * A whole RFC 5322 message encoded once per content group, kept as ready bytes split around the
 * Message-ID and the reader's placeholders, so personalising is one copy of those bytes with
 * a few short values in between: no MIME work and no string building per reader.
 */
export type MessageTemplate = { headBefore: Buffer; headAfter: Buffer; segments: readonly (Buffer | Placeholder)[] };

const MESSAGE_ID_PLACEHOLDER = "pw-message-id-placeholder@paperwire.invalid";
const QP_LINE = 73;

/**
 * Encodes the message once with Nodemailer's composer (quoted-printable text parts, so the
 * placeholders stay readable in the bytes), then locates each placeholder. A soft line break
 * (`=\r\n`) may fall inside a placeholder; the search allows for that.
 */
export async function buildMessageTemplate(message: {
  from: string;
  subject: string;
  html: string | undefined;
  text: string;
  headers: Readonly<Record<string, string>>;
}): Promise<MessageTemplate> {
  const composer = new MailComposer({
    from: message.from,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: { ...message.headers },
    messageId: `<${MESSAGE_ID_PLACEHOLDER}>`,
    textEncoding: "quoted-printable",
  });
  const raw = (await composer.compile().build()).toString("latin1");
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split);
  const body = raw.slice(split);
  const at = head.indexOf(`<${MESSAGE_ID_PLACEHOLDER}>`);
  if (at < 0) throw new Error("composer dropped the Message-ID placeholder");
  return {
    headBefore: Buffer.from(head.slice(0, at + 1), "latin1"),
    headAfter: Buffer.from(head.slice(at + MESSAGE_ID_PLACEHOLDER.length + 1), "latin1"),
    segments: splitAtPlaceholders(body).map((s) => (typeof s === "string" ? Buffer.from(s, "latin1") : s)),
  };
}

function splitAtPlaceholders(body: string): (string | Placeholder)[] {
  const names = Object.keys(READER_PLACEHOLDERS) as (keyof typeof READER_PLACEHOLDERS)[];
  const pattern = new RegExp(
    names.map((n) => `(${[...READER_PLACEHOLDERS[n]].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(?:=\\r\\n)?")})`).join("|"),
    "g",
  );
  const segments: (string | Placeholder)[] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    const name = names[match.slice(1).findIndex((g) => g !== undefined)]!;
    const before = body.slice(0, match.index);
    const part = before.lastIndexOf("Content-Type: text/html") > before.lastIndexOf("Content-Type: text/plain") ? "html" : "text";
    segments.push(body.slice(last, match.index), { placeholder: name, part });
    last = match.index + match[0].length;
  }
  segments.push(body.slice(last));
  return segments;
}

/**
 * Fills one reader's parts into a prepared message: one copy of ready bytes, no encoding work.
 * The bytes go into a buffer from `allocate` (a pool's, see message-buffers.ts); the result is
 * a view of its first bytes.
 */
export function personaliseMessage(template: MessageTemplate, reader: ReaderParts, allocate: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
  if (!/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(reader.to)) throw new Error("recipient address must be ASCII");
  let extra = `\r\nTo: ${reader.to}`;
  for (const [name, value] of Object.entries(reader.headers)) extra += `\r\n${name}: ${assertHeaderValue(value)}`;
  const parts: Buffer[] = [template.headBefore, Buffer.from(assertHeaderValue(reader.messageId), "latin1"), template.headAfter, Buffer.from(extra, "latin1")];
  for (const segment of template.segments) {
    if (Buffer.isBuffer(segment)) parts.push(segment);
    else {
      const value = segment.placeholder === "unsubscribeUrl" ? reader.unsubscribeUrl : reader.preferencesUrl;
      parts.push(Buffer.from(encodeQuotedPrintableInline(segment.part === "html" ? escapeHtml(value) : value), "latin1"));
    }
  }
  let size = 0;
  for (const part of parts) size += part.length;
  const out = allocate(size);
  let at = 0;
  for (const part of parts) at += part.copy(out, at);
  return out.subarray(0, size);
}

// Header injection guard: a value with CR or LF would start a header of the caller's choosing.
function assertHeaderValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error("header value contains a line break");
  return value;
}

/**
 * Quoted-printable (RFC 2045 §6.7) for an ASCII value placed inside an already encoded line:
 * soft breaks before, between chunks and after keep every line within 76 characters wherever
 * the value lands, and vanish when decoded.
 */
function encodeQuotedPrintableInline(value: string): string {
  const encoded = [...Buffer.from(value, "utf8")].map((b) =>
    (b >= 33 && b <= 126 && b !== 61) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`,
  );
  let out = "=\r\n";
  let line = 0;
  for (const token of encoded) {
    if (line + token.length > QP_LINE) {
      out += "=\r\n";
      line = 0;
    }
    out += token;
    line += token.length;
  }
  return `${out}=\r\n`;
}
