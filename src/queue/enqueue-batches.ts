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
  let revived = 0;
  for (const batchId of batchIds) {
    const job = await queue.getJob(buildSendBatchJobId(batchId));
    const state = job ? await job.getState() : "unknown";
    if (job && state === "failed") {
      await job.retry("failed");
      revived++;
    } else if (job && state === "completed") {
      await job.remove();
      await queue.add(JOBS.sendBatch, { batchId }, { jobId: buildSendBatchJobId(batchId), attempts: SEND_BATCH_ATTEMPTS });
      revived++;
    }
  }
  return revived;
}
