import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../../src/http/rate-limits.ts";
import { snapshotDatabase, startTestApp, type TestApp } from "./app-harness.ts";

let t: TestApp;
let other: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const signup = (app: TestApp, email: string, ip: string) =>
  app.app.inject({ method: "POST", url: "/subscribe", headers: { "content-type": "application/json" }, remoteAddress: ip, payload: JSON.stringify({ email }) });

describe("signup rate limits", () => {
  it("refuses an IP past its limit with 429 and writes nothing", async () => {
    for (let i = 0; i < RATE_LIMITS.signupPerIp.max; i++) {
      expect((await signup(t, `ip-${i}@example.org`, "198.51.100.1")).statusCode).toBe(200);
    }
    const before = await snapshotDatabase(t.db);
    const jobs = await t.queues.transactional.count();
    const refused = await signup(t, "one-too-many@example.org", "198.51.100.1");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many requests/), requestId: expect.any(String) } });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(await t.queues.transactional.count()).toBe(jobs);
    // Another client is not affected.
    expect((await signup(t, "someone-else@example.org", "198.51.100.2")).statusCode).toBe(200);
  });

  it("refuses an address past its limit, whichever IPs and spellings it comes from", async () => {
    const spellings = ["Target@Example.org", "Target@EXAMPLE.ORG", " Target@example.org "];
    for (let i = 0; i < RATE_LIMITS.signupPerAddress.max; i++) {
      expect((await signup(t, spellings[i % spellings.length]!, `203.0.113.${i + 1}`)).statusCode).toBe(200);
    }
    const before = await snapshotDatabase(t.db);
    const refused = await signup(t, "Target@example.org", "203.0.113.200");
    expect(refused.statusCode).toBe(429);
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect((await signup(t, "target@example.org", "203.0.113.201")).statusCode).toBe(200);
  });

  it("is shared through Redis by every web process", async () => {
    // A second app on the same Redis and prefix, as a second web process would be.
    other = await startTestApp({ env: { QUEUE_PREFIX: t.config.queuePrefix } });
    for (let i = 0; i < RATE_LIMITS.signupPerIp.max; i++) {
      const app = i % 2 === 0 ? t : other;
      expect((await signup(app, `shared-${i}@example.org`, "198.51.100.50")).statusCode).toBe(200);
    }
    expect((await signup(other, "shared-last@example.org", "198.51.100.50")).statusCode).toBe(429);
    expect((await signup(t, "shared-last@example.org", "198.51.100.50")).statusCode).toBe(429);
  });
});
