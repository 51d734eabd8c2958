import type { Clients } from "./clients.ts";
import { startMetricsServer, type MetricsServer } from "../telemetry/metrics-server.io.ts";

/**
 * The /metrics server of a standalone worker or scheduler process, on METRICS_PORT; undefined when
 * it is unset. The web process and `paperwire up` serve the same registry on the web port instead.
 */
export async function serveProcessMetrics(clients: Clients): Promise<MetricsServer | undefined> {
  const { metricsPort, metricsHost, adminToken } = clients.config;
  // loadConfig refuses METRICS_PORT without ADMIN_TOKEN, so both are set or the port is unset.
  if (metricsPort === undefined || adminToken === undefined) return undefined;
  return startMetricsServer({ host: metricsHost, port: metricsPort, adminToken, log: clients.log });
}
