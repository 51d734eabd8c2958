import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDailyActivity } from "../../../src/admin/admin-stats.repo.ts";
import { createTestDatabase, type TestDatabase } from "../setup/database.ts";
import { seedAdminActivity, type SeededActivity } from "./admin-fixtures.ts";

let database: TestDatabase;
let seeded: SeededActivity;
const now = new Date("2026-11-24T09:00:00Z");
const since = new Date(now.getTime() - 30 * 86_400_000);

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedAdminActivity(database.db, now);
});
afterAll(async () => {
  await database?.drop();
});

describe("the admin chart's sends per day", () => {
  it("is read through deliveries_created_at_idx, not the whole ledger", async () => {
    // The statement of loadDailyActivity, planned with sequential scans priced out: if the index
    // could not serve `sent_at >= $1`, the plan would still be a Seq Scan.
    const [, plan] = await database.db.$transaction([
      database.db.$executeRaw`SET LOCAL enable_seqscan = off`,
      database.db.$queryRaw<{ "QUERY PLAN": string }[]>`
        EXPLAIN SELECT to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS sends
        FROM deliveries
        WHERE created_at >= ${since}::timestamptz - interval '7 days' AND sent_at >= ${since}
        GROUP BY 1`,
    ]);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("deliveries_created_at_idx");
    expect(text).not.toContain("Seq Scan");
  });

  it("still counts every send", async () => {
    const rows = await loadDailyActivity(database.db, since);
    expect(rows.reduce((sum, row) => sum + (row.sends ?? 0), 0)).toBe(seeded.sends);
  });
});
