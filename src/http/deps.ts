import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Queues } from "../queue/queues.ts";
import type { Logger } from "../telemetry/logger.ts";

/** What the web process hands to the app and to every route module. */
export type AppDeps = { config: AppConfig; db: Db; redis: Redis; queues: Queues; log: Logger; clock: Clock };

/** A route file's export: registers its routes on an encapsulated instance. */
export type RouteModule = (app: FastifyInstance, deps: AppDeps) => Promise<void> | void;
