import { once } from "node:events";
import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { EMBEDDED } from "../config/embedded.ts";
import { migrate } from "../db/migrate.ts";
import { startEmbeddedServices } from "../embedded/services.io.ts";
import { buildApp } from "../http/app.ts";
import { closeApp } from "../http/close-app.ts";
import { systemClock } from "../lib/clock.ts";
import { loadSamplePapers } from "../papers/sample-papers.ts";
import { createClients } from "../runtime/clients.ts";
import { startDigestWorkers } from "../runtime/digest-workers.ts";
import { startScheduler } from "../runtime/scheduler.ts";
import { closeOnSignal } from "../runtime/shutdown.ts";

/**
 * `paperwire up` (what `npm start` runs): the all-in-one default. Starts the embedded services
 * whose URLs are unset, migrates, loads the sample papers, then runs web, scheduler and workers
 * in this one process until Ctrl-C. The services keep running (and their data stays) after it
 * stops; `paperwire services stop` stops them.
 */
export function upCommand(): Command {
  return new Command("up")
    .description("start the embedded services when unconfigured, migrate, load sample papers, and run web + scheduler + workers")
    .option("--no-samples", "do not load the sample papers")
    .action(async (options: { samples: boolean }) => {
      const config = loadConfig(process.env);
      const services = await startEmbeddedServices(config);
      for (const s of services) console.log(`  ${s.name.padEnd(26)} ${s.address}`);
      const migrated = await migrate(config.databaseUrl);
      console.log(`  Database migrations        ${migrated.applied.length} applied, ${migrated.alreadyApplied} already in place`);

      const clients = createClients(config, "all-in-one");
      let paperCount: number | undefined;
      if (options.samples) {
        const samples = await loadSamplePapers({ db: clients.db, log: clients.log, now: systemClock.now() });
        paperCount = samples.paperCount;
        console.log(`  Sample papers              ${samples.totals.new} new, ${samples.totals.updated} updated; ${paperCount} papers in the store`);
      }
      if (clients.redis.status !== "ready") await once(clients.redis, "ready");
      const workers = await startDigestWorkers(clients, systemClock);
      const scheduler = await startScheduler(clients, systemClock);
      const app = await buildApp({ ...clients, clock: systemClock });
      await app.listen({ host: config.host, port: config.port });
      clients.log.info({ event: "paperwire.up", port: config.port, paperCount }, "paperwire is running");
      console.log(`
paperwire is running (Ctrl-C stops it; the embedded services keep running).
  Sign up                    ${config.publicUrl}/
  Read what it sends         ${config.embedded.smtp ? EMBEDDED.inboxUrl : `(your SMTP relay: ${new URL(config.smtpUrl).host})`}
  Send a digest now          npx paperwire digest send --now
  Stop the services          npx paperwire services stop
`);
      closeOnSignal(clients.log, { web: () => closeApp(app), scheduler: () => scheduler.close(), workers: () => workers.close(), connections: () => clients.close() });
    });
}
