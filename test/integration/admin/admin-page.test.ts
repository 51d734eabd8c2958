import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../http/app-harness.ts";
import { seedAdminActivity, type SeededActivity } from "./admin-fixtures.ts";

const TOKEN = "admin-page-test-token-".padEnd(40, "p");
const headers = { authorization: `Bearer ${TOKEN}` };

let t: TestApp;
let seeded: SeededActivity;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_TOKEN: TOKEN } });
  seeded = await seedAdminActivity(t.db, t.clock.now());
});
afterAll(async () => {
  await t?.close();
});

describe("GET /admin", () => {
  it("shows subscribers by status and thirty days of signups, unsubscribes and sends", async () => {
    const response = await t.app.inject({ method: "GET", url: "/admin", headers });
    expect(response.statusCode).toBe(200);
    const page = response.body;
    const number = (n: number) => n.toLocaleString("en");
    expect(page).toContain(`<span class="n">${number(seeded.counts.active)}</span><span class="label">Active</span>`);
    expect(page).toContain(`<span class="n">${number(seeded.counts.pending)}</span><span class="label">Awaiting confirmation</span>`);
    expect(page).toContain(`<span class="n">${number(seeded.counts.unsubscribed)}</span><span class="label">Unsubscribed</span>`);
    expect(page).toContain(`<span class="n">${number(seeded.signups)}</span><span class="label">In all</span>`);
    expect(page).toContain(`Signups<span class="sum">${number(seeded.signups)} in 30 days</span>`);
    expect(page).toContain(`Unsubscribes<span class="sum">${number(seeded.unsubscribes)} in 30 days</span>`);
    expect(page).toContain(`Digests sent<span class="sum">${number(seeded.sends)} in 30 days</span>`);
    expect(page.match(/<rect /g)).toHaveLength(90);
  });

  it("allows its one inline stylesheet by hash and no script at all", async () => {
    const response = await t.app.inject({ method: "GET", url: "/admin", headers });
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)![1]!;
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain(`style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("script-src");
    expect(response.body).not.toContain("<script");
    expect(response.headers["cache-control"]).toBe("no-store");
  });
});

describe("the queue dashboard", () => {
  it("serves bull-board with its own assets under /admin/queues, scripts from itself only", async () => {
    const response = await t.app.inject({ method: "GET", url: "/admin/queues", headers });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<base href="/admin/queues/"');
    expect(String(response.headers["content-security-policy"])).toContain("script-src 'self';");
    const script = /src="(static\/js\/main\.[0-9a-f]+\.js)"/.exec(response.body)![1]!;
    const asset = await t.app.inject({ method: "GET", url: `/admin/queues/${script}`, headers });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
  });

  it("lists the plan, send and transactional queues through its API", async () => {
    const response = await t.app.inject({ method: "GET", url: "/admin/queues/api/queues", headers });
    expect(response.statusCode).toBe(200);
    const names = (response.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(["plan", "send", "transactional"]);
  });

  it("keeps the reader pages' strict policy everywhere else", async () => {
    const response = await t.app.inject({ method: "GET", url: "/" });
    expect(String(response.headers["content-security-policy"])).not.toContain("unsafe-inline");
  });
});
