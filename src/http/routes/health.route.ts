import type { FastifyInstance } from "fastify";
import { pingDatabase } from "../../db/ping.repo.ts";
import { probeSmtp } from "../../mail/smtp-probe.io.ts";
import type { AppDeps } from "../deps.ts";

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(work: Promise<unknown>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    work.then(() => resolve(), reject).finally(() => clearTimeout(timer));
  });
}

/**
 * GET /healthz: the process is up (for restarts). GET /readyz: Postgres, Redis and the SMTP relay
 * answer right now (for load balancers); 503 with the failing parts otherwise. Neither says more
 * than "ok" or which dependency failed.
 */
export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get("/healthz", async (_request, reply) => reply.header("cache-control", "no-store").send({ status: "ok" }));

  app.get("/readyz", async (request, reply) => {
    const checks = {
      postgres: withTimeout(pingDatabase(deps.db), "Postgres"),
      redis: withTimeout(deps.redis.ping(), "Redis"),
      smtp: withTimeout(probeSmtp(deps.config.smtpUrl, CHECK_TIMEOUT_MS), "SMTP"),
    };
    const results = await Promise.allSettled(Object.values(checks));
    const status = Object.fromEntries(Object.keys(checks).map((name, i) => [name, results[i]!.status === "fulfilled" ? "ok" : "unavailable"]));
    const isReady = results.every((r) => r.status === "fulfilled");
    if (!isReady) request.log.warn({ event: "http.not_ready", checks: status }, "not ready");
    return reply.code(isReady ? 200 : 503).header("cache-control", "no-store").send({ status: isReady ? "ready" : "unavailable", checks: status });
  });
}
