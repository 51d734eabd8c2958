import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../telemetry/logger.ts";
import type { Queues } from "../queue/queues.ts";
import { buildSlotKey, planEditionPayloadSchema } from "../queue/jobs.ts";
import { enqueueSendBatches } from "../queue/enqueue-batches.ts";
import { computeDueZones } from "./due-hours.ts";
import { ensureEditions } from "./edition.repo.ts";
import { dueDates, findActiveTimezones, findUnfinishedBatchIds, insertSlotLedger, lockSlot, upsertSlot, type DueSelection } from "./slot.repo.ts";

export type PlanEditionDeps = { db: Db; queues: Queues; config: AppConfig; log: Logger };

export type PlanResult = { slotId: number; planned: number; batches: number; enqueued: number };

/**
 * Plans one slot: finds the due readers, makes sure their editions exist, writes the ledger
 * (batches and one queued delivery per reader) in one transaction, and only after it commits
 * enqueues a send-batch job per unfinished batch. Running it again for the same slot plans
 * nothing new and re-enqueues what is unfinished, which is how a crash between commit and
 * enqueue heals.
 */
export async function handlePlanEdition(payload: unknown, deps: PlanEditionDeps): Promise<PlanResult> {
  const input = planEditionPayloadSchema.parse(payload);
  const startsAt = new Date(input.slotStartsAt);
  const key = buildSlotKey(startsAt, input.isManual);
  const slot = await upsertSlot(deps.db, key, startsAt, input.isManual);
  const log = deps.log.child({ slotId: slot.id, slotKey: key });

  let planned = 0, batches = 0;
  if (slot.status === "planning") {
    const selection: DueSelection = input.isManual
      ? { kind: "everyone", localDate: input.editionDate ?? startsAt.toISOString().slice(0, 10) }
      : { kind: "zones", zones: computeDueZones(startsAt, await findActiveTimezones(deps.db)) };
    const editions = await ensureEditions(deps.db, dueDates(selection), deps.config.trendingWindowDays);
    const result = await deps.db.$transaction(async (tx) => {
      if ((await lockSlot(tx as Db, slot.id)) !== "planning") return { planned: 0, batches: 0 };
      return insertSlotLedger(tx as Db, slot.id, selection, editions, deps.config.batchSize);
    }, { timeout: 120_000 });
    planned = result.planned;
    batches = result.batches;
    log.info({ event: "digest.slot.planned", planned, batches, editions: Object.fromEntries(editions) }, "slot planned");
  }

  const unfinished = await findUnfinishedBatchIds(deps.db, slot.id);
  await enqueueSendBatches(deps.queues.send, unfinished);
  if (unfinished.length > 0) log.info({ event: "digest.batches.enqueued", count: unfinished.length }, "send-batch jobs enqueued");
  return { slotId: slot.id, planned, batches, enqueued: unfinished.length };
}
