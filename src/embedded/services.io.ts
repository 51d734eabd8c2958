import path from "node:path";
import type { AppConfig } from "../config/env.ts";
import { EMBEDDED } from "../config/embedded.ts";
import { startPostgres, stopPostgres } from "./postgres.io.ts";
import { startRedis, stopRedis } from "./redis.io.ts";
import { startMailCatcher, stopMailCatcher } from "./mail-catcher.io.ts";

export type StartedService = { name: string; address: string };

/**
 * Starts the embedded default of every service whose URL was left unset, reusing any that
 * already runs. Returns what runs where, for the person at the terminal.
 */
export async function startEmbeddedServices(config: AppConfig): Promise<StartedService[]> {
  const started: StartedService[] = [];
  const dir = config.dataDir;
  const jobs: Promise<void>[] = [];
  if (config.embedded.postgres) {
    jobs.push(
      startPostgres({ dataDir: path.join(dir, "postgres"), port: EMBEDDED.postgresPort, database: "paperwire", user: "paperwire" }).then(() => {
        started.push({ name: "Postgres", address: `127.0.0.1:${EMBEDDED.postgresPort}` });
      }),
    );
  }
  if (config.embedded.redis) {
    jobs.push(
      startRedis({ dataDir: path.join(dir, "redis"), port: EMBEDDED.redisPort, persistent: true }).then(() => {
        started.push({ name: "Redis", address: `127.0.0.1:${EMBEDDED.redisPort}` });
      }),
    );
  }
  if (config.embedded.smtp) {
    jobs.push(
      startMailCatcher({ dataDir: path.join(dir, "mail"), smtpPort: EMBEDDED.smtpPort, webPort: EMBEDDED.inboxPort }).then(() => {
        started.push({ name: "Mail catcher (SMTP)", address: `127.0.0.1:${EMBEDDED.smtpPort}` });
        started.push({ name: "Mail catcher (web inbox)", address: EMBEDDED.inboxUrl });
      }),
    );
  }
  await Promise.all(jobs);
  return started;
}

/** Stops every embedded service started from dataDir; their data stays. */
export async function stopEmbeddedServices(dataDir: string): Promise<string[]> {
  const stopped: string[] = [];
  if (await stopMailCatcher(path.join(dataDir, "mail"))) stopped.push("mail catcher");
  if (await stopRedis(path.join(dataDir, "redis"))) stopped.push("Redis");
  if (await stopPostgres(path.join(dataDir, "postgres"))) stopped.push("Postgres");
  return stopped;
}
