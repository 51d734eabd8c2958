import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { createDb } from "../db/client.ts";
import { systemClock } from "../lib/clock.ts";
import { findNewestTrendingDay, findSourceFreshness } from "../papers/import-status.repo.ts";
import { loadPaperCount } from "../papers/paper-store.repo.ts";

const hoursSince = (at: Date, now: Date) => (now.getTime() - at.getTime()) / 3_600_000;

/** `paperwire status`: how fresh the paper store is, per source; exits 1 when a source is stale. */
export function statusCommand(): Command {
  return new Command("status")
    .description("show each source's last successful import and its age; warn past IMPORT_STALE_HOURS")
    .action(async () => {
      const config = loadConfig(process.env);
      const db = createDb(config.databaseUrl, { poolSize: 2 });
      try {
        const now = systemClock.now();
        const sources = await findSourceFreshness(db);
        console.log(`Papers in the store: ${await loadPaperCount(db)}; newest trending day: ${(await findNewestTrendingDay(db)) ?? "none"}`);
        if (sources.length === 0) console.log("No import has run yet: `paperwire import seeds` loads the sample pages.");
        let isStale = false;
        for (const s of sources) {
          const age = s.lastSuccessAt ? hoursSince(s.lastSuccessAt, now) : Infinity;
          const stale = age > config.importStaleHours;
          isStale ||= stale && s.source !== "seed";
          const last = s.lastRun ? `last run ${s.lastRun.status} (${s.lastRun.target}, ${s.lastRun.startedAt.toISOString()})${s.lastRun.error ? `: ${s.lastRun.error}` : ""}` : "";
          const success = s.lastSuccessAt ? `last success ${s.lastSuccessAt.toISOString()} (${age.toFixed(1)} h ago)` : "never succeeded";
          console.log(`  ${s.source.padEnd(12)} ${success}${stale && s.source !== "seed" ? `  WARNING: older than ${config.importStaleHours} h` : ""}; ${last}`);
        }
        if (isStale) process.exitCode = 1;
      } finally {
        await db.$disconnect();
      }
    });
}
