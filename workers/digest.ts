// The worker process: plan-edition, send-batch and send-confirmation jobs. Run as many as you
// like, on as many machines, against the same Redis and Postgres (docs/production.md).
import { systemClock } from "../src/lib/clock.ts";
import { createClients } from "../src/runtime/clients.ts";
import { startDigestWorkers } from "../src/runtime/digest-workers.ts";
import { serveProcessMetrics } from "../src/runtime/serve-metrics.ts";
import { closeOnSignal } from "../src/runtime/shutdown.ts";
import { loadConfigOrExit } from "../src/runtime/load-config-or-exit.ts";

const config = loadConfigOrExit();
const clients = createClients(config, "worker");
// Before the workers: a METRICS_PORT already taken stops the process before it takes any job.
const metricsServer = await serveProcessMetrics(clients);
const workers = await startDigestWorkers(clients, systemClock);
// The metrics server outlives the workers, so a scrape during shutdown still sees the last batches.
closeOnSignal(clients.log, { workers: () => workers.close(), metrics: () => metricsServer?.close(), connections: () => clients.close() });
