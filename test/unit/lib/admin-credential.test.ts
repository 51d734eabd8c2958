import { describe, expect, it } from "vitest";
import { createAdminCredentialCheck } from "../../../src/lib/admin-credential.ts";

const TOKEN = "admin-credential-token-".padEnd(40, "c");
const isAdmin = createAdminCredentialCheck(TOKEN);
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`;

describe("createAdminCredentialCheck", () => {
  it("accepts the token as a bearer token or as admin's basic-auth password, whatever the scheme's case", () => {
    expect(isAdmin(`Bearer ${TOKEN}`)).toBe(true);
    expect(isAdmin(`bearer ${TOKEN}`)).toBe(true);
    expect(isAdmin(`  Bearer ${TOKEN}  `)).toBe(true);
    expect(isAdmin(basic(`admin:${TOKEN}`))).toBe(true);
    expect(isAdmin(`BASIC ${Buffer.from(`admin:${TOKEN}`).toString("base64")}`)).toBe(true);
  });

  it("refuses anything else", () => {
    for (const header of [
      "",
      TOKEN,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Token ${TOKEN}`,
      basic(`root:${TOKEN}`),
      basic(`admin:${TOKEN}:`),
      basic(TOKEN),
      basic(`:${TOKEN}`),
      `Basic ${TOKEN}`,
    ]) {
      expect(isAdmin(header), header).toBe(false);
    }
  });
});
