import { mkdtemp, mkdir, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, MigrationError, MIGRATIONS_DIR } from "../../src/db/migrate.ts";
import { createEmptyDatabase } from "./setup/database.ts";

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (drops.length) await drops.pop()!();
});

async function emptyDb() {
  const db = await createEmptyDatabase();
  drops.push(db.drop);
  return db.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  it("applies every migration to an empty database and keeps Prisma's bookkeeping", async () => {
    const url = await emptyDb();
    const result = await migrate(url);
    expect(result.applied.length).toBeGreaterThan(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(result.applied);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["papers", "paper_trends", "subscribers", "editions", "deliveries", "suppression_events"]));
  });

  it("is a no-op the second time", async () => {
    const url = await emptyDb();
    const first = await migrate(url);
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
  });

  it("leaves the database as it was when a migration fails, and names the file", async () => {
    const url = await emptyDb();
    const dir = await mkdtemp(path.join(tmpdir(), "pw-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, "99990101000000_broken"));
    await writeFile(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      `CREATE TABLE "half_done" ("id" INT);\nALTER TABLE "no_such_table" ADD COLUMN "x" INT;\n`,
    );
    const error = await migrate(url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toContain("99990101000000_broken/migration.sql");
    expect((error as MigrationError).message).toContain("no_such_table");
    const halfDone = await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`);
    expect(halfDone).toHaveLength(0);
    const names = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((n) => n.migration_name)).not.toContain("99990101000000_broken");
    // The good migrations before it stay applied, so fixing the file and re-running resumes.
    expect(names.length).toBeGreaterThan(0);
  });

  it("refuses a recorded migration whose file changed since", async () => {
    const url = await emptyDb();
    const dir = await mkdtemp(path.join(tmpdir(), "pw-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(url, dir);
    const [first] = (await import("node:fs/promises").then((fs) => fs.readdir(dir))).filter((n) => /^\d/.test(n)).sort();
    await writeFile(path.join(dir, first!, "migration.sql"), "-- edited\n", { flag: "a" });
    await expect(migrate(url, dir)).rejects.toThrow(/changed after it was applied/);
  });
});
