import path from "node:path";

/**
 * The test run's own Postgres and Redis, on ports of their own so a running `paperwire up` is
 * never touched, with data under .data/test.
 */
export const TEST_SERVICES = Object.freeze({
  dataDir: path.resolve(import.meta.dirname, "../../../.data/test"),
  postgresPort: 54339,
  redisPort: 63809,
  user: "paperwire",
  templateDatabase: "paperwire_template",
});

export const testAdminUrl = (database = "postgres") =>
  `postgresql://${TEST_SERVICES.user}@127.0.0.1:${TEST_SERVICES.postgresPort}/${database}`;

export const testRedisUrl = () => `redis://127.0.0.1:${TEST_SERVICES.redisPort}`;
