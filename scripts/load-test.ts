import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { Command } from "commander";
import pg from "pg";
import { loadConfig } from "../src/config/env.ts";
import { EMBEDDED } from "../src/config/embedded.ts";
import { createDb } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { isPortOpen, waitForPort } from "../src/embedded/process.io.ts";
import { startEmbeddedServices, stopEmbeddedServices } from "../src/embedded/services.io.ts";
import { createRedis } from "../src/queue/connection.ts";
import { createQueues } from "../src/queue/queues.ts";
import { countSignupRecords } from "./load/load-readers.repo.ts";
import { describeMachine, formatLoadReport } from "./load/report.ts";
import { runLoadScenario } from "./load/scenario.ts";

// `npm run load -- [--duration 30] [--rate 50] [--connections 10]`: starts the real web process
// (src/http/main.ts) on loopback against a scratch database on the configured Postgres (the
// embedded one when DATABASE_URL is unset) and a queue prefix of its own on Redis, loads it,
// prints the report, and removes everything it created. No worker runs: confirmation jobs are
// queued and then discarded, so no email is sent.
const ROOT = path.resolve(import.meta.dirname, "..");
const WARM_UP_SECONDS = 5;

const options = new Command("load-test")
  .option("--duration <seconds>", "how long to send", "30")
  .option("--rate <n>", "requests per second to each endpoint", "50")
  .option("--connections <n>", "connections per endpoint", "10")
  .parse()
  .opts<{ duration: string; rate: string; connections: string }>();
const durationSeconds = Number(options.duration);
const rate = Number(options.rate);
const connections = Number(options.connections);
if (![durationSeconds, rate, connections].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("--duration, --rate and --connections take whole numbers above 0.");
  process.exit(1);
}

const config = loadConfig(process.env);
// Started here only when none was running; then they are stopped again at the end.
const wereServicesRunning = (await Promise.all([EMBEDDED.postgresPort, EMBEDDED.redisPort, EMBEDDED.smtpPort].map((port) => isPortOpen(port)))).some(Boolean);
await startEmbeddedServices(config);

const runId = randomBytes(4).toString("hex");
const databaseUrl = await createScratchDatabase(config.databaseUrl, `paperwire_load_${runId}`);
const queuePrefix = `load-${runId}`;
const db = createDb(databaseUrl, { poolSize: 4 });
const redis = createRedis(config.redisUrl, { role: "producer" });
const queues = createQueues(redis, queuePrefix);
let web: ChildProcess | undefined;
let hasFailed = false;

try {
  await migrate(databaseUrl);
  const port = await findFreePort();
  web = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/http/main.ts")], {
    cwd: ROOT,
    // Production settings, one trusted proxy hop (the load generator's X-Forwarded-For), and the
    // usual info-level request log, written as in production but discarded.
    env: {
      ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), TRUST_PROXY: "1", LOG_LEVEL: "info",
      DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl, SMTP_URL: config.smtpUrl, APP_SECRET: config.appSecret, QUEUE_PREFIX: queuePrefix,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForPort(port, "the web process", 60_000);

  console.log(`Machine: ${describeMachine()}`);
  const scenario = { baseUrl: `http://127.0.0.1:${port}`, db, appSecret: config.appSecret, rate, connections };
  // The first seconds of a fresh process (JIT, connection pools, lazily loaded modules) are not
  // what a running site sees; they are sent but not reported.
  console.log(`Warming up for ${WARM_UP_SECONDS} s…`);
  await runLoadScenario({ ...scenario, durationSeconds: WARM_UP_SECONDS });
  console.log(`Loading http://127.0.0.1:${port} for ${durationSeconds} s…`);
  const cpuBefore = await readCpuSeconds(web.pid!);
  const outcome = await runLoadScenario({ ...scenario, durationSeconds });
  const webCpu = (await readCpuSeconds(web.pid!)) - cpuBefore;
  console.log(`\n${formatLoadReport(outcome, { rate, durationSeconds, connections })}\n`);
  console.log(`Web process CPU: ${((webCpu / durationSeconds) * 100).toFixed(0)}% of one core.`);

  const records = await countSignupRecords(db, outcome.acceptedSignups);
  console.log(`Accepted signups: ${outcome.acceptedSignups.length}; their subscriber rows: ${records.subscribers}; their signup status changes: ${records.signupChanges}.`);
  const serverErrors = outcome.endpoints.reduce((sum, e) => sum + Object.entries(e.statuses).filter(([code]) => Number(code) >= 500).reduce((s, [, n]) => s + n, 0), 0);
  const isEachOnce = records.subscribers === outcome.acceptedSignups.length && records.signupChanges === outcome.acceptedSignups.length;
  if (serverErrors > 0 || !isEachOnce) {
    hasFailed = true;
    console.error(`FAILED: ${serverErrors} server error(s); every accepted signup recorded exactly once: ${isEachOnce}.`);
  }
} finally {
  if (web && web.exitCode === null) {
    web.kill("SIGTERM");
    await once(web, "exit");
  }
  await queues.transactional.obliterate({ force: true });
  const keys = await redis.keys(`${queuePrefix}-rate-limit-*`);
  if (keys.length > 0) await redis.del(...keys);
  await queues.close();
  redis.disconnect();
  await db.$disconnect();
  await dropDatabase(config.databaseUrl, new URL(databaseUrl).pathname.slice(1));
  if (!wereServicesRunning && Object.values(config.embedded).some(Boolean)) await stopEmbeddedServices(config.dataDir);
}
process.exit(hasFailed ? 1 : 0);

async function createScratchDatabase(serverUrl: string, name: string): Promise<string> {
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// Names are built here from hex only; CREATE/DROP DATABASE take no bind parameters.
async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// utime + stime of a Linux process, in clock ticks of 1/100 s (USER_HZ on every Linux we run on).
async function readCpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
