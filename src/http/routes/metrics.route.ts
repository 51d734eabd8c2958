import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Queues } from "../../queue/queues.ts";
import { metrics, registry } from "../../telemetry/metrics.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppDeps } from "../deps.ts";

const JOB_STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

/**
 * GET /metrics: the Prometheus text format of this process's registry, behind the admin token
 * (Prometheus scrapes with `authorization: { credentials: … }` or `basic_auth`). Absent (404)
 * when ADMIN_TOKEN is unset.
 */
export function metricsRoutes(app: FastifyInstance, deps: AppDeps): void {
  if (deps.config.adminToken === undefined) return;
  requireAdmin(app, deps.config.adminToken);

  app.get("/metrics", async (request, reply) => {
    await refreshQueueDepth(deps.queues, request.log);
    return reply.header("content-type", registry.contentType).header("cache-control", "no-store").send(await registry.metrics());
  });
}

// Queue depth lives in Redis, so it is read when scraped. If Redis does not answer, the series
// are dropped rather than left at old values: an absent series alerts, a stale one misleads.
async function refreshQueueDepth(queues: Queues, log: FastifyBaseLogger): Promise<void> {
  try {
    const depths = await Promise.all(
      (["plan", "send", "transactional"] as const).map(async (name) => ({ name, counts: await queues[name].getJobCounts(...JOB_STATES) })),
    );
    metrics.queueDepth.reset();
    for (const { name, counts } of depths) {
      for (const state of JOB_STATES) metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
    }
  } catch (error) {
    metrics.queueDepth.reset();
    log.warn({ event: "metrics.queue_depth.failed", err: error instanceof Error ? error.message : String(error) }, "queue depth not read");
  }
}
