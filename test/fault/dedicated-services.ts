import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startPostgres, stopPostgres } from "../../src/embedded/postgres.io.ts";
import { startRedis, stopRedis } from "../../src/embedded/redis.io.ts";
import { migrate } from "../../src/db/migrate.ts";
import { isPortOpen } from "../../src/embedded/process.io.ts";

const ROOT = path.resolve(import.meta.dirname, "../../.data/fault");

/**
 * A Postgres and a Redis of this fault test alone (the shared test services must stay up for the
 * other files), on their own ports, that the test may stop and start. Redis runs with the
 * persistence docs/production.md recommends: append-only, fsync every second.
 */
export async function startDedicatedServices(ports: { postgres: number; redis: number }) {
  const id = randomBytes(3).toString("hex");
  const pgDir = path.join(ROOT, `pg-${id}`);
  const redisDir = path.join(ROOT, `redis-${id}`);
  for (const port of [ports.postgres, ports.redis]) if (await isPortOpen(port)) throw new Error(`port ${port} is taken`);
  const startPg = () => startPostgres({ dataDir: pgDir, port: ports.postgres, database: "paperwire", user: "paperwire" });
  const startRd = () => startRedis({ dataDir: redisDir, port: ports.redis, persistent: true });
  await Promise.all([startPg(), startRd()]);
  const databaseUrl = `postgresql://paperwire@127.0.0.1:${ports.postgres}/paperwire`;
  await migrate(databaseUrl);
  return {
    databaseUrl,
    redisUrl: `redis://127.0.0.1:${ports.redis}`,
    stopRedis: () => stopRedis(redisDir),
    startRedis: startRd,
    stopPostgres: () => stopPostgres(pgDir),
    startPostgres: startPg,
    async query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query<T>(sql)).rows;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await stopRedis(redisDir).catch(() => undefined);
      await stopPostgres(pgDir).catch(() => undefined);
      await rm(pgDir, { recursive: true, force: true });
      await rm(redisDir, { recursive: true, force: true });
    },
  };
}
