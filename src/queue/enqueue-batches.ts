import type { Queue } from "bullmq";
import { JOBS, buildSendBatchJobId } from "./jobs.ts";

/** Attempts of a send-batch job; with the capped backoff they span about half an hour. */
export const SEND_BATCH_ATTEMPTS = 12;

/**
 * Makes sure each unfinished batch has a live job. Adding by id is a no-op while the job waits,
 * runs or backs off; a job BullMQ gave up on (failed) is retried, and one that completed while
 * its batch is still unfinished is replaced. Returns how many jobs were revived.
 */
export async function enqueueSendBatches(queue: Queue, batchIds: readonly number[]): Promise<number> {
  if (batchIds.length === 0) return 0;
  await queue.addBulk(
    batchIds.map((batchId) => ({ name: JOBS.sendBatch, data: { batchId }, opts: { jobId: buildSendBatchJobId(batchId), attempts: SEND_BATCH_ATTEMPTS } })),
  );
  // The checks run a chunk at a time rather than one after another: a slot of 100,000 readers
  // has 200 batches, and 400 sequential round trips were a quarter of its planning time.
  let revived = 0;
  for (let i = 0; i < batchIds.length; i += CHECKS_IN_FLIGHT) {
    const outcomes = await Promise.all(batchIds.slice(i, i + CHECKS_IN_FLIGHT).map((batchId) => reviveIfGivenUp(queue, batchId)));
    revived += outcomes.filter(Boolean).length;
  }
  return revived;
}

const CHECKS_IN_FLIGHT = 50;

async function reviveIfGivenUp(queue: Queue, batchId: number): Promise<boolean> {
  const job = await queue.getJob(buildSendBatchJobId(batchId));
  const state = job ? await job.getState() : "unknown";
  if (job && state === "failed") {
    await job.retry("failed");
    return true;
  }
  if (job && state === "completed") {
    await job.remove();
    await queue.add(JOBS.sendBatch, { batchId }, { jobId: buildSendBatchJobId(batchId), attempts: SEND_BATCH_ATTEMPTS });
    return true;
  }
  return false;
}
