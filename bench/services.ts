import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startPostgres, stopPostgres } from "../src/embedded/postgres.io.ts";
import { startRedis, stopRedis } from "../src/embedded/redis.io.ts";
import { isPortOpen } from "../src/embedded/process.io.ts";
import { migrate } from "../src/db/migrate.ts";
import { ensurePostfixTools, startSmtpSink, type SmtpSink } from "./smtp-sink.ts";

export type BenchPorts = { postgres: number; redis: number; sink: number };

export type BenchServices = {
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string;
  sink: SmtpSink;
  postgresPid(): number;
  redisPid(): number;
  /** Stops the sink, and Postgres and Redis when this run started them, unless `keepDatabases`. */
  stop(options?: { keepDatabases: boolean }): Promise<void>;
};

const USER = "paperwire";

/**
 * The bench's own Postgres, Redis and smtp-sink, on ports and under a data dir of its own so a
 * running `paperwire up` or test run is never touched. Postgres and Redis are started through
 * the product's own embedded-service code (what `paperwire up` runs), with its settings.
 * `database` is dropped and migrated afresh unless `reuse` is set and it exists.
 */
export async function startBenchServices(options: { dataDir: string; ports: BenchPorts; database: string; reuse?: boolean; sinkDump?: string }): Promise<BenchServices> {
  const pgDir = path.join(options.dataDir, "postgres");
  const redisDir = path.join(options.dataDir, "redis");
  const startedPostgres = !(await isPortOpen(options.ports.postgres));
  const startedRedis = !(await isPortOpen(options.ports.redis));
  await ensurePostfixTools();
  const [postgres] = await Promise.all([
    startPostgres({ dataDir: pgDir, port: options.ports.postgres, database: "postgres", user: USER }),
    startRedis({ dataDir: redisDir, port: options.ports.redis, persistent: true }),
  ]);
  // Redis listens before it writes its pid file, and as root Postgres may keep its data outside
  // dataDir (see src/embedded/postgres.io.ts): read both from where they really are.
  await waitForFile(path.join(redisDir, "redis.pid"));
  const adminUrl = `postgresql://${USER}@127.0.0.1:${options.ports.postgres}/postgres`;
  const databaseUrl = `postgresql://${USER}@127.0.0.1:${options.ports.postgres}/${options.database}`;
  if (!(options.reuse && (await databaseExists(adminUrl, options.database)))) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${options.database} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${options.database}`);
  }
  await migrate(databaseUrl);
  const sink = await startSmtpSink({ port: options.ports.sink, dumpFile: options.sinkDump });
  const redisUrl = `redis://127.0.0.1:${options.ports.redis}`;
  // A fresh queue keyspace each run: leftovers of an aborted run must not be picked up.
  await flushRedis(options.ports.redis);
  return {
    databaseUrl,
    redisUrl,
    smtpUrl: `smtp://127.0.0.1:${options.ports.sink}`,
    sink,
    postgresPid: () => Number(readFileSync(path.join(postgres.dataDir, "postmaster.pid"), "utf8").split("\n")[0]),
    redisPid: () => Number(readFileSync(path.join(redisDir, "redis.pid"), "utf8").trim()),
    async stop(options = { keepDatabases: false }) {
      await sink.stop();
      if (options.keepDatabases) return;
      if (startedRedis) await stopRedis(redisDir);
      if (startedPostgres) await stopPostgres(pgDir);
    },
  };
}

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function flushRedis(port: number): Promise<void> {
  const { Redis } = await import("ioredis");
  const redis = new Redis({ port, host: "127.0.0.1", lazyConnect: true });
  await redis.connect();
  await redis.flushall();
  redis.disconnect();
}

async function waitForFile(file: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
