import { Command } from "commander";
import cliProgress from "cli-progress";
import { loadConfig } from "../config/env.ts";
import { systemClock } from "../lib/clock.ts";
import { createClients } from "../runtime/clients.ts";
import { startDigestWorkers, type RunningWorkers } from "../runtime/digest-workers.ts";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../queue/jobs.ts";
import { summarizeSlot, type SlotSummary } from "../digest/slot.repo.ts";

/** `paperwire digest send --now`: runs a slot for every active reader at once and waits for it. */
export function digestSendCommand(): Command {
  return new Command("send")
    .description("send an edition to every active reader now, wait for it and print a summary")
    .requiredOption("--now", "run the slot immediately (the only mode; scheduled slots run on their own)")
    .option("--date <YYYY-MM-DD>", "edition date (default: today, UTC)")
    .option("--timeout <seconds>", "give up waiting after this many seconds", "600")
    .action(async (options: { date?: string; timeout: string }) => {
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new Error("--date must be YYYY-MM-DD");
      const config = loadConfig(process.env);
      const clients = createClients(config, "cli");
      let ownWorkers: RunningWorkers | undefined;
      try {
        const startsAt = systemClock.now();
        const key = buildSlotKey(startsAt, true);
        // Without a running worker (service not up), this command brings its own for the run.
        const [planWorkers, sendWorkers] = await Promise.all([clients.queues.plan.getWorkersCount(), clients.queues.send.getWorkersCount()]);
        if (planWorkers === 0 || sendWorkers === 0) ownWorkers = await startDigestWorkers(clients, systemClock);
        await clients.queues.plan.add(
          JOBS.planEdition,
          { slotStartsAt: startsAt.toISOString(), isManual: true, editionDate: options.date },
          { jobId: buildPlanEditionJobId(key) },
        );
        console.log(`Slot ${key}: planning${ownWorkers ? " (with workers of this command)" : ""}…`);
        const summary = await waitForSlot(clients.db, key, Number(options.timeout) * 1000);
        printSummary(summary);
        if (summary.status !== "done") process.exitCode = 1;
      } finally {
        await ownWorkers?.close();
        await clients.close();
      }
    });
}

async function waitForSlot(db: Parameters<typeof summarizeSlot>[0], key: string, timeoutMs: number): Promise<SlotSummary> {
  const deadline = Date.now() + timeoutMs;
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: "sending [{bar}] {value}/{total} readers", hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  let summary = await summarizeSlot(db, key);
  while (Date.now() < deadline) {
    summary = await summarizeSlot(db, key);
    const settled = (summary.byStatus.sent ?? 0) + (summary.byStatus.skipped ?? 0) + (summary.byStatus.failed ?? 0);
    if (summary.status !== "missing" && summary.status !== "planning") {
      if (bar && !bar.isActive) bar.start(summary.planned, settled);
      bar?.update(settled);
    }
    if (summary.status === "done") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  bar?.stop();
  return summary;
}

function printSummary(s: SlotSummary): void {
  if (s.status === "done" && s.batches === 0) {
    console.log("Nothing to send: no active reader is without this edition yet (each reader gets one email per edition).");
    return;
  }
  const reasons = Object.entries(s.skipReasons).map(([reason, n]) => `${reason}: ${n}`).join(", ");
  console.log(`planned ${s.planned} · sent ${s.byStatus.sent ?? 0} · skipped ${s.byStatus.skipped ?? 0}${reasons ? ` (${reasons})` : ""} · failed ${s.byStatus.failed ?? 0}`);
  if (s.status !== "done") console.log(`Still running: ${s.batchesDone}/${s.batches} batches done; \`paperwire digest status\` shows progress.`);
}
