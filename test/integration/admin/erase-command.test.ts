import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashEmailAddress } from "../../../src/subscribers/email-address.ts";
import { makeSubscriber } from "../factories.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/paperwire.js"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url, APP_SECRET: "erase-command-test-".padEnd(40, "e") },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("paperwire subscribers erase", () => {
  it("erases the reader the address names, however its domain is spelled, and keeps only its hash", async () => {
    const reader = await makeSubscriber(database.db, { email: "erase.me@xn--bcher-kva.de" });
    const other = await makeSubscriber(database.db);

    const result = await runCli(["subscribers", "erase", "--email", "  erase.me@BÜCHER.de "]);

    expect(result).toMatchObject({ code: 0, stdout: `Erased subscriber ${reader.id}. Only a hash of the address is kept, on the suppression list.\n` });
    expect(await database.db.subscriber.findUnique({ where: { id: reader.id } })).toBeNull();
    expect(await database.db.subscriber.findUnique({ where: { id: other.id } })).not.toBeNull();
    const erasure = await database.db.suppressionEvent.findFirstOrThrow({ where: { kind: "erasure" } });
    expect(erasure.emailHash).toBe(hashEmailAddress("erase.me@xn--bcher-kva.de"));
  });

  it("says so and exits 1 when no reader has the address", async () => {
    const before = await database.db.suppressionEvent.count();
    const result = await runCli(["subscribers", "erase", "--email", "nobody@example.org"]);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: "paperwire: no subscriber has the address nobody@example.org; nothing erased\n" });
    expect(await database.db.suppressionEvent.count()).toBe(before);
  });

  it("refuses something that is not an email address, before touching the database", async () => {
    const result = await runCli(["subscribers", "erase", "--email", "not an address"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("paperwire: not an email address: Email addresses can't contain spaces.\n");
  });

  it("requires --email", async () => {
    const result = await runCli(["subscribers", "erase"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("required option '--email <addr>' not specified");
  });
});
