import path from "node:path";
import pg from "pg";
import { startPostgres, stopPostgres } from "../../../src/embedded/postgres.io.ts";
import { startRedis, stopRedis } from "../../../src/embedded/redis.io.ts";
import { isPortOpen } from "../../../src/embedded/process.io.ts";
import { migrate } from "../../../src/db/migrate.ts";
import { TEST_SERVICES, testAdminUrl } from "./services.ts";

// Starts the real Postgres and Redis the integration tests talk to (through the project's own
// service code, the same that `paperwire up` uses), migrates a template database once, and stops
// what it started when the run ends. Each test file clones the template (see database.ts).
export default async function setup(): Promise<() => Promise<void>> {
  const pgDir = path.join(TEST_SERVICES.dataDir, "postgres");
  const redisDir = path.join(TEST_SERVICES.dataDir, "redis");
  const startedPostgres = !(await isPortOpen(TEST_SERVICES.postgresPort));
  const startedRedis = !(await isPortOpen(TEST_SERVICES.redisPort));
  await Promise.all([
    startPostgres({ dataDir: pgDir, port: TEST_SERVICES.postgresPort, database: "postgres", user: TEST_SERVICES.user }),
    startRedis({ dataDir: redisDir, port: TEST_SERVICES.redisPort, persistent: false }),
  ]);
  const admin = new pg.Client({ connectionString: testAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEST_SERVICES.templateDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEST_SERVICES.templateDatabase}`);
  } finally {
    await admin.end();
  }
  await migrate(testAdminUrl(TEST_SERVICES.templateDatabase));
  return async () => {
    if (startedRedis) await stopRedis(redisDir);
    if (startedPostgres) await stopPostgres(pgDir);
  };
}
