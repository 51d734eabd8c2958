import { Redis, type RedisOptions } from "ioredis";

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on
 * commands and must never see them aborted); queues used from a request fail fast instead, so a
 * web request never hangs on a Redis outage.
 */
export function createRedis(url: string, options: { role: "worker" | "producer"; connectionName?: string }): Redis {
  const base: RedisOptions = {
    maxRetriesPerRequest: options.role === "worker" ? null : 1,
    enableOfflineQueue: options.role === "worker",
    connectionName: options.connectionName,
    // Reconnect forever, backing off to 2 s: Redis restarts are a fault we survive, not a crash.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  };
  return new Redis(url, base);
}
