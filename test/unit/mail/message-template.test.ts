import fc from "fast-check";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMessageTemplate, personaliseMessage, type ReaderParts } from "../../../src/mail/message-template.ts";

const reader = (overrides: Partial<ReaderParts> = {}): ReaderParts => ({
  to: "reader@example.org",
  messageId: "d42.e7@paperwire.example",
  unsubscribeUrl: "https://paperwire.example/unsubscribe?token=1.u.16.0.AbCdEf-_123",
  preferencesUrl: "https://paperwire.example/preferences?token=1.p.16.0.XyZ",
  headers: { "List-Unsubscribe": "<https://paperwire.example/unsubscribe?token=1.u.16.0.AbCdEf-_123>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  ...overrides,
});

// Long lines around the placeholders make the composer's soft line breaks fall inside them.
const filler = (n: number) => "Ünïcödé words & more ".repeat(n);

async function template(html = true) {
  return buildMessageTemplate({
    from: "paperwire <digest@paperwire.example>",
    subject: "Attention Is All You Need — and 9 more trending papers ✨",
    html: html ? `<p>${filler(9)}<a href="%%unsubscribe_url%%">Unsubscribe</a> ${filler(3)}<a href="%%preferences_url%%">Prefs</a></p>` : undefined,
    text: `${filler(5)}Unsubscribe: %%unsubscribe_url%%\n${filler(2)}Preferences: %%preferences_url%%\n`,
    headers: { "List-Id": "paperwire daily <daily.paperwire.example>" },
  });
}

describe("message template", () => {
  it("fills each reader's links and headers into bytes that parse back exactly", async () => {
    const raw = personaliseMessage(await template(), reader());
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe("<d42.e7@paperwire.example>");
    expect((mail.to as { text: string }).text).toBe("reader@example.org");
    expect(mail.subject).toBe("Attention Is All You Need — and 9 more trending papers ✨");
    const lines = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line]));
    expect(lines["list-unsubscribe-post"]).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(lines["list-unsubscribe"]).toBe("List-Unsubscribe: <https://paperwire.example/unsubscribe?token=1.u.16.0.AbCdEf-_123>");
    expect(lines["list-id"]?.toLowerCase()).toBe("list-id: paperwire daily <daily.paperwire.example>");
    expect(mail.text).toContain("Unsubscribe: https://paperwire.example/unsubscribe?token=1.u.16.0.AbCdEf-_123\n");
    expect(mail.html).toContain('href="https://paperwire.example/unsubscribe?token=1.u.16.0.AbCdEf-_123"');
    expect(mail.html).toContain('href="https://paperwire.example/preferences?token=1.p.16.0.XyZ"');
    expect(mail.html).toContain("Ünïcödé words & more <a href=");
    // RFC 2045 §6.7: encoded body lines stay within 76 characters; RFC 5322 §2.1.1: any line within 998.
    const [head, ...body] = raw.toString("latin1").split("\r\n\r\n");
    for (const line of body.join("\r\n\r\n").split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    for (const line of head!.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
  });

  it("builds a text-only message for readers who want plain text", async () => {
    const mail = await simpleParser(personaliseMessage(await template(false), reader()));
    expect(mail.html).toBe(false);
    expect(mail.text).toContain("Preferences: https://paperwire.example/preferences?token=1.p.16.0.XyZ");
  });

  it("refuses header injection and non-ASCII recipients", async () => {
    const t = await template();
    expect(() => personaliseMessage(t, reader({ messageId: "x@y\r\nBcc: victim@example.org" }))).toThrow(/line break/);
    expect(() => personaliseMessage(t, reader({ headers: { "List-Unsubscribe": "<a>\nBcc: v@example.org" } }))).toThrow(/line break/);
    expect(() => personaliseMessage(t, reader({ to: "rëader@example.org" }))).toThrow(/ASCII/);
  });

  it("round-trips any URL-like value, wherever the soft line breaks fall", async () => {
    const t = await template();
    await fc.assert(
      fc.asyncProperty(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webUrl(), async (unsubscribeUrl, preferencesUrl) => {
        const mail = await simpleParser(personaliseMessage(t, reader({ unsubscribeUrl, preferencesUrl })));
        expect(mail.text).toContain(`Unsubscribe: ${unsubscribeUrl}\n`);
        expect(mail.text).toContain(`Preferences: ${preferencesUrl}\n`);
        // mailparser hands back the HTML as sent: attribute values stay escaped.
        const escaped = unsubscribeUrl.replace(/&/g, "&amp;").replace(/%/g, "&#37;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        expect(mail.html).toContain(`href="${escaped}"`);
      }),
      { numRuns: 60 },
    );
  });
});
