import { randomUUID } from "node:crypto";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AppDeps, RouteModule } from "./deps.ts";
import { registerErrorHandlers } from "./errors.ts";
import { PAGE_CSP_SOURCES } from "./pages/layout.ts";
import { registerRateLimits } from "./rate-limits.ts";
import { RequestLogController } from "./request-log.ts";
import { confirmRoutes } from "./routes/confirm.route.ts";
import { preferencesRoutes } from "./routes/preferences.route.ts";
import { signupRoutes } from "./routes/signup.route.ts";
import { unsubscribeRoutes } from "./routes/unsubscribe.route.ts";
import { digestsRoutes } from "./routes/digests.route.ts";
import { archiveRoutes } from "./routes/archive.route.ts";
import { feedsRoutes } from "./routes/feeds.route.ts";
import { healthRoutes } from "./routes/health.route.ts";
import { adminRoutes } from "./routes/admin.route.ts";
import { adminQueuesRoutes } from "./routes/admin-queues.route.ts";
import { metricsRoutes } from "./routes/metrics.route.ts";

// Every form here fits in a few hundred bytes; a larger body is refused (413) before parsing.
const BODY_LIMIT_BYTES = 16 * 1024;

// One line per route file; each is registered in its own encapsulated scope.
const ROUTES: readonly RouteModule[] = [
  signupRoutes, confirmRoutes, preferencesRoutes, unsubscribeRoutes, digestsRoutes, archiveRoutes, feedsRoutes, healthRoutes, adminRoutes, adminQueuesRoutes, metricsRoutes,
];

/**
 * The web app: security headers (CSP allowing only our own inline style and script by hash),
 * form parsing, Redis-backed rate limits, error pages, and every route module in ROUTES. Does
 * not listen; the caller does (src/http/main.ts, or tests with inject()).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as Fastify's base logger so route modules take a plain FastifyInstance.
    loggerInstance: deps.log.child({ component: "http" }) as FastifyBaseLogger,
    logController: new RequestLogController(),
    genReqId: () => randomUUID(),
    // A client-chosen request id would let anyone write into our logs.
    requestIdHeader: false,
    trustProxy: buildTrustProxy(deps.config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'none'"],
        "style-src": PAGE_CSP_SOURCES.style,
        "script-src": PAGE_CSP_SOURCES.script,
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        ...(deps.config.publicUrl.startsWith("https:") ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
  });
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await registerRateLimits(app, deps.redis, deps.config.queuePrefix);
  registerErrorHandlers(app);
  for (const routes of ROUTES) await app.register(async (scope) => routes(scope, deps));
  return app;
}

// Fastify trusts "the nth hop" for a number at runtime, but its types only take a function.
function buildTrustProxy(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === "number" ? (_address, hop) => hop < setting : setting;
}
