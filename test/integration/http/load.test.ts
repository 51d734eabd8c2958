import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSignupRecords } from "../../../scripts/load/load-readers.repo.ts";
import { runLoadScenario } from "../../../scripts/load/scenario.ts";
import { startTestApp, type TestApp } from "./app-harness.ts";

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  // One trusted hop, as behind a proxy: the scenario gives every request its own client address.
  t = await startTestApp({ env: { TRUST_PROXY: "1" } });
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
});

describe("the load scenario, in short (npm run load runs the long one)", () => {
  it("answers signups, confirmations and one-click unsubscribes without a server error, and records each accepted signup once", async () => {
    const outcome = await runLoadScenario({ baseUrl, db: t.db, appSecret: t.config.appSecret, rate: 20, durationSeconds: 3, connections: 4 });

    for (const endpoint of outcome.endpoints) {
      expect(endpoint.responses, endpoint.name).toBeGreaterThan(0);
      expect(Object.keys(endpoint.statuses).filter((code) => Number(code) >= 500), endpoint.name).toEqual([]);
      expect(endpoint.errors, endpoint.name).toBe(0);
    }
    expect(outcome.acceptedSignups.length).toBeGreaterThan(0);
    expect(new Set(outcome.acceptedSignups).size).toBe(outcome.acceptedSignups.length);
    expect(await countSignupRecords(t.db, outcome.acceptedSignups)).toEqual({
      subscribers: outcome.acceptedSignups.length,
      signupChanges: outcome.acceptedSignups.length,
    });
  });
});
