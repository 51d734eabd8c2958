import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { createClients } from "../runtime/clients.ts";
import { findRecentSlotKeys, summarizeSlot } from "../digest/slot.repo.ts";

/** `paperwire digest status`: queue depths and the last slots with their counts. */
export function digestStatusCommand(): Command {
  return new Command("status")
    .description("show queue depths and the most recent slots with their counts")
    .option("--slots <n>", "how many recent slots to show", "10")
    .action(async (options: { slots: string }) => {
      const clients = createClients(loadConfig(process.env), "cli");
      try {
        console.log("Queues (waiting / active / delayed / failed / completed):");
        for (const [name, queue] of Object.entries({ plan: clients.queues.plan, send: clients.queues.send, transactional: clients.queues.transactional })) {
          const c = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed");
          const workers = await queue.getWorkersCount();
          console.log(`  ${name.padEnd(14)} ${c.waiting} / ${c.active} / ${c.delayed} / ${c.failed} / ${c.completed}   workers: ${workers}`);
        }
        console.log("\nRecent slots:");
        const keys = await findRecentSlotKeys(clients.db, Number(options.slots));
        if (keys.length === 0) console.log("  none yet");
        for (const key of keys) {
          const s = await summarizeSlot(clients.db, key);
          const counts = ["queued", "sending", "sent", "skipped", "failed"].map((k) => `${k} ${s.byStatus[k] ?? 0}`).join(" · ");
          console.log(`  ${key.padEnd(34)} ${s.status.padEnd(8)} batches ${s.batchesDone}/${s.batches} · ${counts}`);
        }
      } finally {
        await clients.close();
      }
    });
}
