import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_AUTH_FAILURES } from "../../../src/lib/admin-credential.ts";
import { startTestApp, type TestApp } from "../http/app-harness.ts";

const TOKEN = "admin-token-for-tests-".padEnd(48, "q");
const bearer = (token: string) => `Bearer ${token}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const ADMIN_URLS = ["/admin", "/admin/queues", "/admin/queues/api/queues", "/metrics"];

let t: TestApp;
let off: TestApp;

beforeAll(async () => {
  [t, off] = await Promise.all([startTestApp({ isCapturingLogs: true, env: { ADMIN_TOKEN: TOKEN } }), startTestApp()]);
});
afterAll(async () => {
  await Promise.all([t?.close(), off?.close()]);
});

const get = (app: TestApp, url: string, headers: Record<string, string> = {}, remoteAddress = "192.0.2.10") =>
  app.app.inject({ method: "GET", url, headers, remoteAddress });

describe("the admin surfaces", () => {
  it.each(ADMIN_URLS)("do not exist without ADMIN_TOKEN (%s)", async (url) => {
    expect((await get(off, url, { authorization: bearer(TOKEN) })).statusCode).toBe(404);
  });

  it.each(ADMIN_URLS)("ask a browser to sign in when no credentials come (%s)", async (url) => {
    const response = await get(t, url);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="paperwire admin", charset="UTF-8"');
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("answers an API client in JSON", async () => {
    const response = await get(t, "/metrics", { accept: "application/json" });
    expect(response.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String), requestId: expect.any(String) } });
  });

  it.each(ADMIN_URLS)("let the token in as a bearer token and as basic auth (%s)", async (url) => {
    expect((await get(t, url, { authorization: bearer(TOKEN) })).statusCode).toBe(200);
    expect((await get(t, url, { authorization: basic("admin", TOKEN) })).statusCode).toBe(200);
    expect((await get(t, url, { authorization: `bearer   ${TOKEN}` })).statusCode).toBe(200);
  });

  it.each([
    ["a wrong bearer token", bearer(`${TOKEN}x`)],
    ["a prefix of the token", bearer(TOKEN.slice(0, -1))],
    ["another user", basic("root", TOKEN)],
    ["a wrong password", basic("admin", "not-the-token")],
    ["basic auth without a colon", `Basic ${Buffer.from(`admin${TOKEN}`).toString("base64")}`],
    ["an unknown scheme", `Token ${TOKEN}`],
    ["a bare token", TOKEN],
  ])("refuse %s", async (_name, authorization) => {
    expect((await get(t, "/admin", { authorization }, "192.0.2.20")).statusCode).toBe(401);
  });

  it("lock an IP out after repeated wrong credentials, even once it has the right ones, and no one else", async () => {
    for (let i = 0; i < ADMIN_AUTH_FAILURES.max; i++) {
      expect((await get(t, "/admin", { authorization: bearer(`guess-${i}`) }, "198.51.100.7")).statusCode).toBe(401);
    }
    const locked = await get(t, "/metrics", { authorization: bearer(TOKEN) }, "198.51.100.7");
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect((await get(t, "/admin", { authorization: bearer(TOKEN) }, "198.51.100.8")).statusCode).toBe(200);
  });

  it("do not count visits without credentials as failed attempts", async () => {
    for (let i = 0; i < ADMIN_AUTH_FAILURES.max + 5; i++) expect((await get(t, "/admin", {}, "198.51.100.9")).statusCode).toBe(401);
    expect((await get(t, "/admin", { authorization: bearer(TOKEN) }, "198.51.100.9")).statusCode).toBe(200);
  });

  it("refuse changes sent from another site, which a signed-in browser would carry credentials for", async () => {
    const retry = (site: string) =>
      t.app.inject({ method: "PUT", url: "/admin/queues/api/queues/send/retry/failed", headers: { authorization: basic("admin", TOKEN), "sec-fetch-site": site } });
    expect((await retry("cross-site")).statusCode).toBe(403);
    expect((await retry("same-site")).statusCode).toBe(403);
    expect((await retry("same-origin")).statusCode).toBe(200);
    expect(await t.queues.send.getJobCountByTypes("failed")).toBe(0);
  });

  it("never write a token, right or wrong, into the log", async () => {
    const log = t.logLines.join("");
    expect(log).toContain('"event":"admin.auth.refused"');
    for (const secret of [TOKEN, Buffer.from(`admin:${TOKEN}`).toString("base64"), "guess-3", "not-the-token"]) expect(log).not.toContain(secret);
  });
});
