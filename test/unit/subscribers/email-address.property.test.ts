import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseEmailAddress } from "../../../src/subscribers/email-address.ts";

// Printable ASCII only: no controls (CR/LF included), no spaces, nothing beyond 0x7e.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

const unicodeLabel = fc.string({ unit: fc.constantFrom(..."abcxyzAZ09-äöüßéñЖж例えテスト", "Ａ", "ｅ"), minLength: 1, maxLength: 12 });
const internationalAddress = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9._+-]{1,20}$/), fc.array(unicodeLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom("org", "de", "ＣＯＭ", "テスト", "io"))
  .map(([local, labels, tld]) => `${local}@${[...labels, tld].join(".")}`);
const padded = (address: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom("", " ", "  ", "\t"), address, fc.constantFrom("", " ", "\u00a0")).map(([before, a, after]) => before + a + after);
const input = fc.oneof(fc.emailAddress(), padded(fc.emailAddress()), internationalAddress, padded(internationalAddress), fc.string(), fc.string({ unit: "binary", maxLength: 400 }));

describe("normaliseEmailAddress, for any input", () => {
  it("never throws", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 600 }), (value) => void normaliseEmailAddress(value)));
  });

  it("gives printable ASCII of at most 254 characters, or a reason", () => {
    fc.assert(
      fc.property(input, (value) => {
        const result = normaliseEmailAddress(value);
        if (!result.ok) {
          expect(result.problem.length).toBeGreaterThan(0);
          return;
        }
        expect(result.address).toMatch(PRINTABLE_ASCII);
        expect(result.address.length).toBeLessThanOrEqual(254);
        expect(result.address.split("@")).toHaveLength(2);
      }),
    );
  });

  it("is idempotent: a normalised address normalises to itself", () => {
    fc.assert(
      fc.property(input, (value) => {
        const first = normaliseEmailAddress(value);
        if (first.ok) expect(normaliseEmailAddress(first.address)).toEqual(first);
      }),
    );
  });

  it("accepts every plain address and only lower-cases its domain", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const [local, domain] = [address.slice(0, address.lastIndexOf("@")), address.slice(address.lastIndexOf("@") + 1)];
        fc.pre(address.length <= 254 && local.length <= 64 && !/^\d+$/.test(domain.split(".").at(-1)!) && domain.includes("."));
        const result = normaliseEmailAddress(address);
        expect(result).toEqual({ ok: true, address: `${local}@${domain.toLowerCase()}` });
      }),
    );
  });
});
