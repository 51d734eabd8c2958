import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeText } from "../../../src/mail/fill-template.ts";

// Paper titles and abstracts: any text, with the characters that matter over-represented.
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "'", "%", "a", ";", "#", "3", "7", "\u2060", " "), maxLength: 60 }),
  // Runs of percent signs: what a placeholder is made of.
  fc.string({ unit: fc.constantFrom("%", "%", "a", "\u2060"), maxLength: 20 }),
);

describe("escapeHtml", () => {
  it("leaves no markup character, no placeholder sign and no & that does not start one of its entities", () => {
    fc.assert(
      fc.property(text, (value) => {
        const escaped = escapeHtml(value);
        expect(escaped).not.toMatch(/[<>"'%]/);
        expect(escaped).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39|#37);)/);
      }),
    );
  });

  it("changes nothing else", () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(escapeHtml(value).replace(/&(amp|lt|gt|quot|#39|#37);/g, "")).toBe(value.replace(/[&<>"'%]/g, ""));
      }),
    );
  });
});

describe("escapeText", () => {
  it("keeps the text, apart from word joiners between percent signs", () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(escapeText(value).replaceAll("%\u2060", "%")).toBe(value.replaceAll("%\u2060", "%"));
      }),
    );
  });

  it("never leaves two percent signs side by side", () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(escapeText(value)).not.toContain("%%");
      }),
    );
  });
});
