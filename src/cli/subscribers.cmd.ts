import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { createDb } from "../db/client.ts";
import { systemClock } from "../lib/clock.ts";
import { purgePendingSubscribers } from "../subscribers/purge-pending.repo.ts";

/** `paperwire subscribers purge-pending`: deletes signups never confirmed within PENDING_PURGE_DAYS. */
export function subscribersCommand(): Command {
  const subscribers = new Command("subscribers").description("subscriber maintenance");
  subscribers
    .command("purge-pending")
    .description("delete signups that were never confirmed and are older than PENDING_PURGE_DAYS (the scheduler also does this daily)")
    .action(async () => {
      const config = loadConfig(process.env);
      const db = createDb(config.databaseUrl, { poolSize: 1 });
      try {
        const count = await purgePendingSubscribers(db, { olderThanDays: config.pendingPurgeDays, now: systemClock.now() });
        console.log(`Deleted ${count} unconfirmed signup(s) older than ${config.pendingPurgeDays} day(s).`);
      } finally {
        await db.$disconnect();
      }
    });
  return subscribers;
}
