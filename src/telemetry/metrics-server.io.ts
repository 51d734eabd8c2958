import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_AUTH_FAILURES, ADMIN_CHALLENGE, createAdminCredentialCheck } from "../lib/admin-credential.ts";
import type { Logger } from "./logger.ts";
import { registry } from "./metrics.ts";

export type MetricsServer = { port: number; close(): Promise<void> };

type Failures = { count: number; resetAt: number };

/**
 * Serves this process's registry at GET /metrics on METRICS_HOST:METRICS_PORT, for worker and
 * scheduler processes, which have no web server of their own: their send counters and durations
 * live only in their memory, so Prometheus scrapes each one. Same credentials as the web's
 * /metrics (ADMIN_TOKEN as bearer or basic auth); anything else answers 404. Wrong credentials
 * count per client IP in this process (not through Redis, as the web does): past
 * ADMIN_AUTH_FAILURES.max the IP gets 429 until its window ends.
 */
export async function startMetricsServer(options: { host: string; port: number; adminToken: string; log: Logger }): Promise<MetricsServer> {
  const log = options.log.child({ component: "metrics-server" });
  const isAdminCredential = createAdminCredentialCheck(options.adminToken);
  const failuresByIp = new Map<string, Failures>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "GET" || new URL(request.url ?? "/", "http://metrics").pathname !== "/metrics") return answer(response, 404, "not found");
    const ip = request.socket.remoteAddress ?? "unknown";
    const now = Date.now();
    const standing = failuresByIp.get(ip);
    if (standing !== undefined && standing.resetAt <= now) failuresByIp.delete(ip);
    else if (standing !== undefined && standing.count >= ADMIN_AUTH_FAILURES.max) {
      log.warn({ event: "admin.auth.locked_out" }, "metrics scrape refused: too many wrong attempts");
      response.setHeader("retry-after", String(Math.max(1, Math.ceil((standing.resetAt - now) / 1000))));
      return answer(response, 429, "too many wrong attempts");
    }
    const presented = request.headers.authorization;
    if (presented === undefined || !isAdminCredential(presented)) {
      // As on the web: a request without credentials is a first visit, not a guess.
      if (presented !== undefined) {
        const after = recordFailure(failuresByIp, ip, now);
        log.warn({ event: "admin.auth.refused", attemptsLeft: ADMIN_AUTH_FAILURES.max - after.count }, "metrics credentials refused");
      }
      response.setHeader("www-authenticate", ADMIN_CHALLENGE);
      return answer(response, 401, "unauthorized");
    }
    const body = await registry.metrics();
    response.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error({ event: "metrics.scrape.failed", err: error instanceof Error ? error.message : String(error) }, "metrics not served");
      if (!response.headersSent) answer(response, 500, "metrics not available");
    });
  });
  server.listen(options.port, options.host);
  try {
    await once(server, "listening");
  } catch (error) {
    throw new Error(`METRICS_PORT: cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { port } = server.address() as AddressInfo;
  log.info({ event: "metrics.server.started", host: options.host, port }, "metrics served");

  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      // A scraper keeps its connection alive between scrapes; cut it, or close would wait for it.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function recordFailure(failuresByIp: Map<string, Failures>, ip: string, now: number): Failures {
  // Forget lapsed windows here, so a stream of addresses cannot grow the map past one window's worth.
  for (const [key, f] of failuresByIp) if (f.resetAt <= now) failuresByIp.delete(key);
  const current = failuresByIp.get(ip) ?? { count: 0, resetAt: now + ADMIN_AUTH_FAILURES.timeWindow };
  current.count += 1;
  failuresByIp.set(ip, current);
  return current;
}

function answer(response: ServerResponse, statusCode: number, text: string): void {
  response.writeHead(statusCode, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(`${text}\n`);
}
