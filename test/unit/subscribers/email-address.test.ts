import { describe, expect, it } from "vitest";
import { hashEmailAddress, normaliseEmailAddress } from "../../../src/subscribers/email-address.ts";

const accepted = (input: string) => {
  const result = normaliseEmailAddress(input);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(input)}: ${result.problem}`);
  return result.address;
};
const problem = (input: string) => {
  const result = normaliseEmailAddress(input);
  return result.ok ? `accepted as ${result.address}` : result.problem;
};

describe("normaliseEmailAddress", () => {
  it.each([
    ["Reader@Example.ORG", "Reader@example.org"],
    ["  reader@example.org  ", "reader@example.org"],
    ["first.last+papers@sub.example.co.uk", "first.last+papers@sub.example.co.uk"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["reader@bücher.de", "reader@xn--bcher-kva.de"],
    ["reader@BÜCHER.DE", "reader@xn--bcher-kva.de"],
    ["reader@例え.テスト", "reader@xn--r8jz45g.xn--zckzah"],
    ["reader@xn--bcher-kva.de", "reader@xn--bcher-kva.de"],
    // Full-width letters are mapped by UTS #46 to the domain they look like.
    ["reader@ｅxample.org", "reader@example.org"],
    // A Cyrillic "е" is a different domain, and its punycode form shows it.
    ["reader@\u0435xample.org", "reader@xn--xample-2of.org"],
  ])("accepts %j as %j", (input, expected) => {
    expect(accepted(input)).toBe(expected);
  });

  it("gives the same address for every spelling of one domain, and so the same hash", () => {
    expect(hashEmailAddress(accepted("a@BÜCHER.de"))).toBe(hashEmailAddress(accepted("a@xn--bcher-kva.de")));
    expect(hashEmailAddress("a@example.org")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the local part's case (RFC 5321 §2.4) but not the domain's", () => {
    expect(accepted("MiXeD@ExAmPlE.org")).toBe("MiXeD@example.org");
  });

  it.each([
    ["empty", "", /enter your email/],
    ["no @", "reader.example.org", /like name@example.org/],
    ["two @", "a@b@example.org", /like name@example.org/],
    ["nothing before @", "@example.org", /like name@example.org/],
    ["nothing after @", "reader@", /like name@example.org/],
    ["CRLF header injection", "reader@example.org\r\nBcc: victim@example.org", /line breaks/],
    ["bare LF", "reader@example.org\nX: y", /line breaks/],
    ["a tab", "reader@example.org\t", /control/],
    ["NUL", "reader\u0000@example.org", /control/],
    ["DEL", "reader\u007f@example.org", /control/],
    ["zero-width space", "rea\u200bder@example.org", /invisible/],
    ["zero-width space in the domain", "reader@exa\u200bmple.org", /invisible/],
    ["right-to-left override", "reader\u202e@example.org", /invisible/],
    ["byte-order mark", "\ufeffreader@example.org", /invisible/],
    ["line separator", "reader@example.org\u2028", /invisible/],
    ["inner space", "re ader@example.org", /spaces/],
    ["no-break space", "reader@example.org\u00a0x", /spaces/],
    ["Cyrillic local part", "\u0440eader@example.org", /letters A-Z/],
    ["accented local part", "josé@example.org", /letters A-Z/],
    ["quoted local part", '"a b"@example.org', /spaces|letters A-Z/],
    ["quoted local part without space", '"ab"@example.org', /letters A-Z/],
    ["leading dot", ".reader@example.org", /dots/],
    ["trailing dot in local part", "reader.@example.org", /dots/],
    ["double dot", "re..ader@example.org", /dots/],
    ["angle brackets", "<reader@example.org>", /letters A-Z|valid domain/],
    ["full-width @", "reader＠example.org", /like name@example.org/],
    ["local part of 65", `${"a".repeat(65)}@example.org`, /at most 64/],
    ["address of 255", `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.org`, /at most 254/],
    ["label of 64", `reader@${"a".repeat(64)}.org`, /valid domain/],
    ["dotless domain", "reader@localhost", /valid domain/],
    ["IPv4 literal", "reader@[127.0.0.1]", /valid domain/],
    ["bare IPv4", "reader@127.0.0.1", /valid domain/],
    ["underscore", "reader@ex_ample.org", /valid domain/],
    ["leading hyphen", "reader@-example.org", /valid domain/],
    ["trailing dot", "reader@example.org.", /valid domain/],
    ["empty label", "reader@example..org", /valid domain/],
    ["invalid punycode", "reader@xn--zz.org", /valid domain/],
    ["huge input", `${"a".repeat(5000)}@example.org`, /at most 254/],
  ])("refuses %s", (_name, input, message) => {
    expect(problem(input)).toMatch(message);
  });
});
