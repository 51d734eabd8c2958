import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { startProcess, type RealProcess } from "../setup/processes.ts";
import { testRedisUrl } from "../setup/services.ts";
import { waitUntil } from "./app-harness.ts";

let database: TestDatabase;
let web: RealProcess | undefined;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  baseUrl = `http://127.0.0.1:${port}`;
  web = await startProcess(
    "src/http/main.ts",
    {
      DATABASE_URL: database.url, REDIS_URL: testRedisUrl(), PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl,
      APP_SECRET: randomBytes(24).toString("hex"), QUEUE_PREFIX: `web${randomBytes(4).toString("hex")}`, LOG_LEVEL: "info",
    },
    "http.started",
  );
});
afterAll(async () => {
  await web?.kill("SIGKILL");
  await database?.drop();
});

describe("the standalone web process (src/http/main.ts)", () => {
  it("serves the signup page with its security headers", async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'none'.*script-src 'sha256-/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toContain('action="/subscribe"');
  });

  it("logs requests by route, never their tokens or addresses", async () => {
    await fetch(`${baseUrl}/subscribe`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "web.reader@example.org" }) });
    await fetch(`${baseUrl}/unsubscribe?token=1.u.1.0.AAAAAAAAAAAAAAAAAAAAAA`);
    // The child's log lines reach us through a pipe, a moment after the responses.
    await waitUntil(() => web!.output().includes('"route":"/unsubscribe"'), "the /unsubscribe log line");
    const output = web!.output();
    expect(output).toContain('"event":"http.request.completed"');
    expect(output).not.toContain("AAAAAAAAAAAAAAAAAAAAAA");
    expect(output).not.toContain("web.reader");
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await web!.kill("SIGTERM")).toBe(0);
    await waitUntil(() => web!.output().includes('"event":"process.stopped"'), "the stopped log line");
  });
});
