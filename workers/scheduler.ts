// The scheduler process: an hourly node-cron tick that enqueues each slot's plan-edition job.
// Two of them may run at once: job ids derived from the slot make the second add a no-op.
import { systemClock } from "../src/lib/clock.ts";
import { createClients } from "../src/runtime/clients.ts";
import { startScheduler } from "../src/runtime/scheduler.ts";
import { serveProcessMetrics } from "../src/runtime/serve-metrics.ts";
import { closeOnSignal } from "../src/runtime/shutdown.ts";
import { loadConfigOrExit } from "../src/runtime/load-config-or-exit.ts";

const config = loadConfigOrExit();
const clients = createClients(config, "scheduler");
const metricsServer = await serveProcessMetrics(clients);
const scheduler = await startScheduler(clients, systemClock);
closeOnSignal(clients.log, { scheduler: () => scheduler.close(), metrics: () => metricsServer?.close(), connections: () => clients.close() });
