import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase } from "../setup/database.ts";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink.ts";
import { testRedisUrl } from "../setup/services.ts";
import { startProcess, type RealProcess } from "../setup/processes.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let database: { url: string; drop(): Promise<void> };
let sink: SmtpSink;
let up: RealProcess | undefined;
let env: Record<string, string>;
let baseUrl: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/paperwire.js"), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

beforeAll(async () => {
  database = await createEmptyDatabase();
  sink = await startSmtpSink();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  env = {
    DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), SMTP_URL: sink.url, PORT: String(port), PUBLIC_URL: baseUrl,
    APP_SECRET: randomBytes(24).toString("hex"), QUEUE_PREFIX: `cli${randomBytes(4).toString("hex")}`, LOG_LEVEL: "info",
  };
});

afterAll(async () => {
  await up?.kill("SIGKILL");
  await sink.close();
  await database.drop();
});

describe("the first run: paperwire up, a confirmed reader, digest send --now", () => {
  it("starts on an empty database, migrates and loads the sample papers", async () => {
    up = await startProcess("bin/paperwire.js", env, "paperwire.up", { args: ["up"], timeoutMs: 90_000 });
    const line = up.output().split("\n").find((l) => l.includes('"event":"paperwire.up"'))!;
    expect(JSON.parse(line).paperCount).toBe(236);
    const home = await fetch(`${baseUrl}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("<form");
  });

  it("delivers a digest of sample papers to a confirmed reader, then has nothing left to send", async () => {
    const signup = await fetch(`${baseUrl}/subscribe`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "first.reader@example.org" }) });
    expect(signup.status).toBeLessThan(300);
    await signup.text();
    const [confirmation] = await sink.waitFor(1);
    const confirmUrl = /(http:\/\/127\.0\.0\.1:\d+\/confirm\?token=[\w.-]+)/.exec(confirmation!.parsed.text ?? "")![1]!;
    const confirmed = await fetch(confirmUrl, { method: "POST", headers: { accept: "application/json" } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ status: "active" });

    const first = await runCli(["digest", "send", "--now"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("planned 1 · sent 1 · skipped 0 · failed 0");
    const mails = await sink.waitFor(2);
    const digest = mails[1]!.parsed;
    // The newest sample day is Jul 3; its first paper leads the digest.
    expect(digest.subject).toMatch(/^A\* Search Without Expansions: Learning Heuristic Functions with Deep Q-Networks — and 9 more trending papers$/);
    expect(mails[1]!.envelopeTo).toEqual(["first.reader@example.org"]);

    const second = await runCli(["digest", "send", "--now"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Nothing to send");
    expect(sink.messages).toHaveLength(2);
  });

  it("stops cleanly on SIGTERM", async () => {
    const code = await up!.kill("SIGTERM");
    const stopped = up!.output().split("\n").filter((l) => l.includes("process.step")).map((l) => (JSON.parse(l) as { step: string }).step);
    expect({ code, stopped }).toEqual({ code: 0, stopped: ["web", "scheduler", "workers", "connections"] });
  });
});
