import { once } from "node:events";
import { systemClock } from "../lib/clock.ts";
import { createClients } from "../runtime/clients.ts";
import { loadConfigOrExit } from "../runtime/load-config-or-exit.ts";
import { closeOnSignal } from "../runtime/shutdown.ts";
import { buildApp } from "./app.ts";
import { closeApp } from "./close-app.ts";

// The standalone web process. Run as many as you like behind a load balancer: rate limits and
// queues live in Redis, so they all agree.
const config = loadConfigOrExit();
const clients = createClients(config, "web");
// Producer connections fail fast instead of queueing commands, so serve only once Redis answers.
if (clients.redis.status !== "ready") await once(clients.redis, "ready");
const app = await buildApp({ ...clients, clock: systemClock });
await app.listen({ host: config.host, port: config.port });
clients.log.info({ event: "http.started", host: config.host, port: config.port }, "web process listening");
// app.close() first: it stops accepting connections and lets requests in flight finish.
closeOnSignal(clients.log, { web: () => closeApp(app), connections: () => clients.close() });
