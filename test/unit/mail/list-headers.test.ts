import { describe, expect, it } from "vitest";
import { buildListHeaders } from "../../../src/mail/list-headers.ts";

const URL_ = "https://papers.example.org/unsubscribe?token=1.u.7.0.AbCdEfGhIjKlMnOpQrStUv";

describe("buildListHeaders", () => {
  it("offers the HTTPS link for RFC 8058 one-click, and the List-Id of RFC 2919", () => {
    expect(buildListHeaders({ listId: "daily.papers.example.org", unsubscribeMailto: undefined }, URL_)).toEqual({
      "List-Unsubscribe": `<${URL_}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "paperwire digest <daily.papers.example.org>",
    });
  });

  it("adds the mailbox after the HTTPS link when one is configured", () => {
    const headers = buildListHeaders({ listId: "daily.papers.example.org", unsubscribeMailto: "leave@papers.example.org" }, URL_);
    expect(headers["List-Unsubscribe"]).toBe(`<${URL_}>, <mailto:leave@papers.example.org?subject=unsubscribe>`);
  });

  it.each([
    ["a CRLF", `${URL_}\r\nBcc: x@example.org`],
    ["a space", `${URL_} x`],
    ["an angle bracket", `${URL_}>`],
    ["a quote", `${URL_}"`],
    ["another scheme", "javascript:alert(1)"],
  ])("refuses an unsubscribe URL with %s", (_name, url) => {
    expect(() => buildListHeaders({ listId: "l.example.org", unsubscribeMailto: undefined }, url)).toThrow(/unsubscribe URL/);
  });

  it("never puts a line break in any header", () => {
    const headers = buildListHeaders({ listId: "l.example.org", unsubscribeMailto: "a@example.org" }, URL_);
    for (const value of Object.values(headers)) expect(value).not.toMatch(/[\r\n]/);
  });
});
