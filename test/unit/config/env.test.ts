import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/env.ts";
import { EMBEDDED } from "../../../src/config/embedded.ts";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "pw-config-"));

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("uses the embedded services when their URLs are unset (or empty)", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), REDIS_URL: "" });
    expect(config.databaseUrl).toBe(EMBEDDED.databaseUrl);
    expect(config.redisUrl).toBe(EMBEDDED.redisUrl);
    expect(config.smtpUrl).toBe(EMBEDDED.smtpUrl);
    expect(config.embedded).toEqual({ postgres: true, redis: true, smtp: true });
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("takes configured URLs and marks those services as not embedded", () => {
    const config = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "postgres://u:p@db.example:5432/pw", SMTP_URL: "smtps://relay.example:465", PUBLIC_URL: "https://papers.example/" });
    expect(config.embedded).toEqual({ postgres: false, redis: true, smtp: false });
    expect(config.publicUrl).toBe("https://papers.example");
  });

  it("names every bad variable at once", () => {
    const found = problems({ PORT: "http", PUBLIC_URL: "ftp://x", DATABASE_URL: "mysql://x", SEND_RATE: "0", APP_SECRET: "short" });
    expect(found.map((p) => p.split(":")[0]).sort()).toEqual(["APP_SECRET", "DATABASE_URL", "PORT", "PUBLIC_URL", "SEND_RATE"]);
  });

  it("requires APP_SECRET in production, and outside it keeps a generated one across starts", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual(["APP_SECRET: required when NODE_ENV=production (32+ random characters)"]);
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).appSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).appSecret).toBe(first);
    expect(readFileSync(path.join(dir, "app-secret"), "utf8")).toBe(first);
  });

  it("serves no worker metrics unless METRICS_PORT is set, on loopback unless told otherwise, and only with ADMIN_TOKEN", () => {
    const unset = loadConfig({ DATA_DIR: dataDir() });
    expect(unset.metricsPort).toBeUndefined();
    expect(unset.metricsHost).toBe("127.0.0.1");
    const set = loadConfig({ DATA_DIR: dataDir(), METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0", ADMIN_TOKEN: "a".repeat(16) });
    expect([set.metricsPort, set.metricsHost]).toEqual([9464, "0.0.0.0"]);
    expect(problems({ METRICS_PORT: "9464" })).toEqual(["METRICS_PORT: requires ADMIN_TOKEN, the credential every scrape presents"]);
    expect(problems({ METRICS_PORT: "0", ADMIN_TOKEN: "a".repeat(16) }).map((p) => p.split(":")[0])).toEqual(["METRICS_PORT"]);
    expect(problems({ NODE_ENV: "production", METRICS_PORT: "9464" }).map((p) => p.split(":")[0])).toEqual(["APP_SECRET", "METRICS_PORT"]);
  });

  it("returns a frozen object", () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(Object.isFrozen(config)).toBe(true);
  });
});
