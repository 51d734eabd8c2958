import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import pg from "pg";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startPostgres, stopPostgres } from "../../src/embedded/postgres.io.ts";
import { startRedis, stopRedis } from "../../src/embedded/redis.io.ts";
import { startMailCatcher, stopMailCatcher } from "../../src/embedded/mail-catcher.io.ts";
import { isPortOpen } from "../../src/embedded/process.io.ts";

// Ports of this file alone. mkdtemp makes a private (0700) folder: as root, Postgres's data then
// goes under /var/lib/paperwire, which is part of what this test covers.
const PG_PORT = 54371, REDIS_PORT = 63871, SMTP_PORT = 10271, WEB_PORT = 10281;
let dir: string;
afterAll(async () => {
  await stopMailCatcher(path.join(dir, "mail")).catch(() => undefined);
  await stopRedis(path.join(dir, "redis")).catch(() => undefined);
  await stopPostgres(path.join(dir, "pg")).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function sql(text: string) {
  const client = new pg.Client({ connectionString: `postgresql://paperwire@127.0.0.1:${PG_PORT}/paperwire` });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded services", () => {
  it("start, are reused when running, stop, and keep their data for the next start", async () => {
    dir = await mkdtemp(path.resolve(import.meta.dirname, "../../.data/embedded-test-"));
    const pgOptions = { dataDir: path.join(dir, "pg"), port: PG_PORT, database: "paperwire", user: "paperwire" };
    const redisOptions = { dataDir: path.join(dir, "redis"), port: REDIS_PORT, persistent: true };
    const mailOptions = { dataDir: path.join(dir, "mail"), smtpPort: SMTP_PORT, webPort: WEB_PORT };
    await Promise.all([startPostgres(pgOptions), startRedis(redisOptions), startMailCatcher(mailOptions)]);
    await sql("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    const redis = new Redis(`redis://127.0.0.1:${REDIS_PORT}`);
    await redis.set("kept", "still here");
    expect(await redis.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
    redis.disconnect();

    // Re-running reuses what runs: no second server, no error.
    await Promise.all([startPostgres(pgOptions), startRedis(redisOptions), startMailCatcher(mailOptions)]);

    // The mail catcher takes mail over SMTP and shows it in its web inbox.
    await nodemailer.createTransport({ host: "127.0.0.1", port: SMTP_PORT, ignoreTLS: true }).sendMail({ from: "a@example.org", to: "b@example.org", subject: "catcher check", text: "hi" });
    const inbox = (await (await fetch(`http://127.0.0.1:${WEB_PORT}/api/email`)).json()) as { subject: string }[];
    expect(inbox.map((m) => m.subject)).toContain("catcher check");
    // The inbox page is served to browsers (maildev answers Accept: text/html at "/").
    const page = await fetch(`http://127.0.0.1:${WEB_PORT}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<base href=\"/\"");

    expect(await stopMailCatcher(mailOptions.dataDir)).toBe(true);
    expect(await stopRedis(redisOptions.dataDir)).toBe(true);
    expect(await stopPostgres(pgOptions.dataDir)).toBe(true);
    for (const port of [PG_PORT, REDIS_PORT, SMTP_PORT]) expect(await isPortOpen(port)).toBe(false);
    expect(existsSync(path.join(dir, "redis", "appendonlydir"))).toBe(true);

    await Promise.all([startPostgres(pgOptions), startRedis(redisOptions)]);
    expect(await sql("SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    const again = new Redis(`redis://127.0.0.1:${REDIS_PORT}`);
    expect(await again.get("kept")).toBe("still here");
    again.disconnect();
  });
});
