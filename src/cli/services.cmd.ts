import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { startEmbeddedServices, stopEmbeddedServices } from "../embedded/services.io.ts";

/** `paperwire services start|stop`: the embedded Postgres, Redis and mail catcher. */
export function servicesCommand(): Command {
  const services = new Command("services").description("start or stop the embedded local services (Postgres, Redis, mail catcher)");
  services
    .command("start")
    .description("start every embedded service whose URL is unset; reuses any that already runs")
    .action(async () => {
      const config = loadConfig(process.env);
      const started = await startEmbeddedServices(config);
      for (const s of started) console.log(`${s.name.padEnd(26)} ${s.address}`);
      if (started.length === 0) console.log("Every service is configured by URL; nothing to start.");
    });
  services
    .command("stop")
    .description("stop the embedded services; their data stays in DATA_DIR")
    .action(async () => {
      const config = loadConfig(process.env);
      const stopped = await stopEmbeddedServices(config.dataDir);
      console.log(stopped.length ? `Stopped: ${stopped.join(", ")}. Data kept in ${config.dataDir}.` : "No embedded service was running.");
    });
  return services;
}
