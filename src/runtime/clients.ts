import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import { createDb, type Db } from "../db/client.ts";
import { createRedis } from "../queue/connection.ts";
import { createQueues, type Queues } from "../queue/queues.ts";
import { createLogger, type Logger } from "../telemetry/logger.ts";

/** The connections one process holds, opened by its entry point and closed on shutdown. */
export type Clients = { config: AppConfig; log: Logger; db: Db; redis: Redis; queues: Queues; close(): Promise<void> };

export function createClients(config: AppConfig, name: string): Clients {
  const log = createLogger({ level: config.logLevel, name });
  const db = createDb(config.databaseUrl);
  const redis = createRedis(config.redisUrl, { role: "producer", connectionName: `paperwire-${name}` });
  redis.on("error", (error) => log.warn({ event: "redis.connection.failed", err: error.message }, "Redis connection problem"));
  const queues = createQueues(redis, config.queuePrefix);
  let closing: Promise<void> | undefined;
  return {
    config, log, db, redis, queues,
    close() {
      closing ??= (async () => {
        await queues.close();
        redis.disconnect();
        await db.$disconnect();
      })();
      return closing;
    },
  };
}
