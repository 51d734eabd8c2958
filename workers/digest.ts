// The worker process: plan-edition, send-batch and send-confirmation jobs. Run as many as you
// like, on as many machines, against the same Redis and Postgres (docs/production.md).
import { systemClock } from "../src/lib/clock.ts";
import { createClients } from "../src/runtime/clients.ts";
import { startDigestWorkers } from "../src/runtime/digest-workers.ts";
import { closeOnSignal } from "../src/runtime/shutdown.ts";
import { loadConfigOrExit } from "../src/runtime/load-config-or-exit.ts";

const config = loadConfigOrExit();
const clients = createClients(config, "worker");
const workers = await startDigestWorkers(clients, systemClock);
closeOnSignal(clients.log, { workers: () => workers.close(), connections: () => clients.close() });
