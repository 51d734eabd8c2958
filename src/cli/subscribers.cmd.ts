import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { createDb } from "../db/client.ts";
import { systemClock } from "../lib/clock.ts";
import { InvalidInputError, NotFoundError } from "../lib/errors.ts";
import { normaliseEmailAddress } from "../subscribers/email-address.ts";
import { eraseSubscriber } from "../subscribers/erase.repo.ts";
import { purgePendingSubscribers } from "../subscribers/purge-pending.repo.ts";

/**
 * `paperwire subscribers purge-pending`: deletes signups never confirmed within PENDING_PURGE_DAYS.
 * `paperwire subscribers erase --email <addr>`: erases one reader on request (GDPR Art. 17).
 */
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
  subscribers
    .command("erase")
    .description("erase a reader on request: their row, consent record, history and deliveries go; a hash of the address stays so they are never mailed again")
    .requiredOption("--email <addr>", "the reader's address, as they signed up with it")
    .action(async (options: { email: string }) => {
      // Stored addresses are normalised (domain in lower-case ASCII), so look up the same form.
      const normalised = normaliseEmailAddress(options.email);
      if (!normalised.ok) throw new InvalidInputError(normalised.problem, { detail: `not an email address: ${normalised.problem}` });
      const config = loadConfig(process.env);
      const db = createDb(config.databaseUrl, { poolSize: 1 });
      try {
        const result = await eraseSubscriber(db, normalised.address);
        if (!result.isErased) throw new NotFoundError("No reader has this address.", { detail: `no subscriber has the address ${normalised.address}; nothing erased` });
        console.log(`Erased subscriber ${result.subscriberId}. Only a hash of the address is kept, on the suppression list.`);
      } finally {
        await db.$disconnect();
      }
    });
  return subscribers;
}
