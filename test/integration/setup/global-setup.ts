import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startPostgres, stopPostgres } from "../../../src/embedded/postgres.io.ts";
import { startRedis, stopRedis } from "../../../src/embedded/redis.io.ts";
import { isPortOpen } from "../../../src/embedded/process.io.ts";
import { migrate } from "../../../src/db/migrate.ts";
import { TEST_SERVICES, testAdminUrl } from "./services.ts";

// Starts the real Postgres and Redis the integration tests talk to (through the project's own
// service code, the same that `paperwire up` uses), migrates a template database once, and stops
// what it started when the run ends. Each test file clones the template (see database.ts).
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgDir = path.join(TEST_SERVICES.dataDir, "postgres");
  const redisDir = path.join(TEST_SERVICES.dataDir, "redis");
  const startedPostgres = !(await isPortOpen(TEST_SERVICES.postgresPort));
  const startedRedis = !(await isPortOpen(TEST_SERVICES.redisPort));
  await Promise.all([
    startPostgres({ dataDir: pgDir, port: TEST_SERVICES.postgresPort, database: "postgres", user: TEST_SERVICES.user }),
    startRedis({ dataDir: redisDir, port: TEST_SERVICES.redisPort, persistent: false }),
  ]);
  // A template of this run's own, so two runs on one machine never drop each other's.
  const template = `${TEST_SERVICES.templateDatabase}_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${template}`);
  await migrate(testAdminUrl(template));
  project.provide("templateDatabase", template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    if (startedRedis) await stopRedis(redisDir);
    if (startedPostgres) await stopPostgres(pgDir);
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
