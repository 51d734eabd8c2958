import cron from "node-cron";
import type { Clients } from "./clients.ts";
import type { Clock } from "../lib/clock.ts";
import { JOBS, buildImportPapersJobId, buildPlanEditionJobId, buildSendConfirmationJobId, buildSlotKey } from "../queue/jobs.ts";
import { enqueueSendBatches } from "../queue/enqueue-batches.ts";
import { startOfUtcHour } from "../digest/due-hours.ts";
import { computeSlotsToPlan } from "../digest/catch-up.ts";
import { findLastScheduledSlotStart, findUnfinishedBatchIdsSince } from "../digest/slot.repo.ts";
import { purgePendingSubscribers } from "../subscribers/purge-pending.repo.ts";
import { findRecentConfirmationRequests } from "../subscribers/confirmation-sweep.repo.ts";
import { findActiveReaderHours } from "../subscribers/reader-hours.repo.ts";
import { computeEarliestSendHour, computeImportTargets } from "../papers/import-schedule.ts";

export type RunningScheduler = {
  tick(): Promise<void>;
  sweepConfirmations(): Promise<number>;
  /** Enqueues the imports of one schedule firing (IMPORT_CRON). */
  importTick(): Promise<void>;
  /** At half past each hour: the extra import before the day's earliest send hour, when it is next. */
  preSendImportTick(): Promise<boolean>;
  close(): void;
};

/** Missed hours planned late on start, at most; older ones are dropped and logged. */
const MAX_CATCH_UP_HOURS = 6;
/** How far back the hourly sweep looks for batches whose jobs BullMQ gave up on. */
const SWEEP_HOURS = 48;
/** Confirmation requests younger than this are swept; completed jobs are kept a day, so re-adding is a no-op. */
const CONFIRMATION_SWEEP_MS = 6 * 3_600_000;

/**
 * The hourly tick: enqueues one plan-edition job per slot, with an id derived from the slot, so
 * any number of schedulers and restarts add it once; then sweeps recent unfinished batches back
 * into the queue and purges signups never confirmed. On start (and on every tick) it catches up
 * the hours missed while no scheduler ran, within a bound.
 */
export async function startScheduler(clients: Clients, clock: Clock): Promise<RunningScheduler> {
  const { db, queues } = clients;
  const log = clients.log.child({ component: "scheduler" });

  const enqueueSlot = async (slotStart: Date) => {
    const key = buildSlotKey(slotStart, false);
    await queues.plan.add(JOBS.planEdition, { slotStartsAt: slotStart.toISOString(), isManual: false }, { jobId: buildPlanEditionJobId(key) });
  };

  const tick = async () => {
    const current = startOfUtcHour(clock.now());
    const { slots, dropped } = computeSlotsToPlan(await findLastScheduledSlotStart(db), current, MAX_CATCH_UP_HOURS);
    for (const slot of slots) await enqueueSlot(slot);
    if (slots.length > 1 || dropped > 0) {
      log.warn({ event: "scheduler.caught_up", slots: slots.map((s) => s.toISOString()), dropped }, "planned missed slots");
    }
    const revived = await enqueueSendBatches(queues.send, await findUnfinishedBatchIdsSince(db, new Date(current.getTime() - SWEEP_HOURS * 3_600_000)));
    if (revived > 0) log.warn({ event: "scheduler.batches_revived", count: revived }, "re-enqueued batches whose jobs had given up");
    // Idempotent, so any number of schedulers may run it every hour.
    const purged = await purgePendingSubscribers(db, { olderThanDays: clients.config.pendingPurgeDays, now: clock.now() });
    if (purged > 0) log.info({ event: "subscribers.pending_purged", count: purged }, "purged unconfirmed signups");
    log.info({ event: "scheduler.ticked", slot: current.toISOString() }, "tick");
  };

  const sweepConfirmations = async () => {
    const requests = await findRecentConfirmationRequests(db, new Date(clock.now().getTime() - CONFIRMATION_SWEEP_MS));
    await queues.transactional.addBulk(
      requests.map((r) => ({
        name: JOBS.sendConfirmation,
        data: { subscriberId: r.subscriberId, requestedAt: r.requestedAt.toISOString() },
        opts: { jobId: buildSendConfirmationJobId(r.subscriberId, r.requestedAt) },
      })),
    );
    return requests.length;
  };

  const enqueueImports = async (firedAt: Date) => {
    const targets = computeImportTargets(firedAt, clients.config.arxivCategories);
    await queues.import.addBulk(targets.map((data) => ({ name: JOBS.importPapers, data, opts: { jobId: buildImportPapersJobId(data, firedAt), attempts: 1 } })));
    log.info({ event: "scheduler.imports_enqueued", count: targets.length }, "imports enqueued");
  };
  const importTick = () => enqueueImports(startOfMinute(clock.now()));
  const preSendImportTick = async () => {
    const nextHour = new Date(startOfUtcHour(clock.now()).getTime() + 3_600_000);
    const earliest = computeEarliestSendHour(nextHour.toISOString().slice(0, 10), await findActiveReaderHours(db));
    if (earliest?.getTime() !== nextHour.getTime()) return false;
    await enqueueImports(new Date(nextHour.getTime() - 30 * 60_000));
    return true;
  };

  await tick();
  const onError = (event: string) => (error: unknown) => log.error({ event, err: (error as Error).message }, "scheduled task failed");
  const hourly = cron.schedule("0 * * * *", () => void tick().catch(onError("scheduler.tick_failed")), { timezone: "UTC", name: "paperwire-hourly", noOverlap: true });
  // Every five minutes: a confirmation lost by a web process that died after its commit goes out late, not never.
  const sweeper = cron.schedule("*/5 * * * *", () => void sweepConfirmations().catch(onError("scheduler.sweep_failed")), { timezone: "UTC", name: "paperwire-confirmations", noOverlap: true });
  const imports = cron.schedule(clients.config.importCron, () => void importTick().catch(onError("scheduler.import_failed")), { timezone: "UTC", name: "paperwire-imports", noOverlap: true });
  const preSend = cron.schedule("30 * * * *", () => void preSendImportTick().catch(onError("scheduler.import_failed")), { timezone: "UTC", name: "paperwire-pre-send-import", noOverlap: true });
  return {
    tick,
    sweepConfirmations,
    importTick,
    preSendImportTick,
    close: () => {
      for (const task of [hourly, sweeper, imports, preSend]) void task.stop();
    },
  };
}

function startOfMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}
