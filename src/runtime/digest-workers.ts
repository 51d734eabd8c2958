import { Worker, type Job } from "bullmq";
import { randomUUID } from "node:crypto";
import type { Clients } from "./clients.ts";
import type { Clock } from "../lib/clock.ts";
import { createRedis } from "../queue/connection.ts";
import { JOBS, QUEUES } from "../queue/jobs.ts";
import { Mailer } from "../mail/transport.io.ts";
import { MessageBuffers } from "../mail/message-buffers.ts";
import { loadDigestTemplates } from "../mail/digest-templates.io.ts";
import { createDigestRenderer } from "../mail/digest-renderer.ts";
import { handlePlanEdition } from "../digest/plan-edition.job.ts";
import { countMessagesInFlight, handleSendBatch } from "../digest/send-batch.job.ts";
import { createEditionContexts } from "../digest/edition-context.ts";
import { createContentPreparer } from "../digest/prepare-content.ts";
import { handleSendConfirmation } from "../subscribers/send-confirmation.job.ts";
import { handleImportPapers } from "../papers/import-papers.job.ts";

export type RunningWorkers = { workerId: string; close(): Promise<void> };

// A killed worker's job is retried once its lock expires; allow several such crashes before a
// batch is declared failed (the scheduler's sweep re-enqueues it even then).
const MAX_STALLED_COUNT = 5;
/**
 * Prepared content groups a process keeps (about 65 KB each). Batches are cut by profile, so the
 * batches in flight need a dozen or so; the rest covers a large profile split over batches.
 */
const PREPARED_GROUPS_KEPT = 64;

/** Exponential backoff capped at five minutes: SMTP outages are waited out, not given up on. */
export function computeBackoff(attemptsMade: number): number {
  return Math.min(2000 * 2 ** Math.max(0, attemptsMade - 1), 300_000);
}

/**
 * Starts the BullMQ workers of this process: plan-edition, send-batch (paced by the limiter,
 * which BullMQ applies across every worker of the queue), send-confirmation and import-papers. Each job name
 * has exactly one handler; an unknown name fails the job loudly.
 */
export async function startDigestWorkers(clients: Clients, clock: Clock): Promise<RunningWorkers> {
  const { config, db, queues } = clients;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = clients.log.child({ workerId });
  const mailer = new Mailer(config.smtpUrl, { poolSize: config.smtpPoolSize });
  const renderer = createDigestRenderer(await loadDigestTemplates());
  const sendDeps = {
    db, mailer, config, log, clock, renderer, editions: createEditionContexts(db), contents: createContentPreparer(PREPARED_GROUPS_KEPT),
    // One per message in flight, in as many batches as the concurrency.
    messageBuffers: new MessageBuffers(countMessagesInFlight(config) * config.workerConcurrency),
  };

  const handlers: Record<string, Record<string, (job: Job) => Promise<unknown>>> = {
    [QUEUES.plan]: { [JOBS.planEdition]: (job) => handlePlanEdition(job.data, { db, queues, config, log: log.child({ jobId: job.id }) }) },
    [QUEUES.send]: { [JOBS.sendBatch]: (job) => handleSendBatch(job.data, { ...sendDeps, log: log.child({ jobId: job.id }) }) },
    [QUEUES.transactional]: { [JOBS.sendConfirmation]: (job) => handleSendConfirmation(job.data, { db, config, clock, mailer, log: log.child({ jobId: job.id }) }) },
    [QUEUES.import]: { [JOBS.importPapers]: (job) => handleImportPapers(job.data, { db, config, log: log.child({ jobId: job.id }) }) },
  };
  const jobsPerSecond = config.sendRate / config.batchSize;
  const limiter = jobsPerSecond >= 1 ? { max: Math.round(jobsPerSecond), duration: 1000 } : { max: 1, duration: Math.round(1000 / jobsPerSecond) };

  const connection = createRedis(config.redisUrl, { role: "worker", connectionName: `paperwire-worker-${workerId}` });
  const workers = Object.entries(handlers).map(([queue, byName]) => {
    const worker = new Worker(
      queue,
      async (job) => {
        const handler = byName[job.name];
        if (!handler) throw new Error(`no handler for job ${job.name} on queue ${queue}`);
        return handler(job);
      },
      {
        connection,
        prefix: config.queuePrefix,
        concurrency: queue === QUEUES.send ? config.workerConcurrency : 2,
        limiter: queue === QUEUES.send ? limiter : undefined,
        maxStalledCount: MAX_STALLED_COUNT,
        // A killed worker's lock lapses after this; the stalled check then hands its job on.
        lockDuration: config.jobLockMs,
        stalledInterval: config.jobLockMs,
        settings: { backoffStrategy: computeBackoff },
      },
    );
    worker.on("failed", (job, error) =>
      log.warn({ event: "queue.job.failed", queue, jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, err: error.message }, "job failed"),
    );
    worker.on("error", (error) => log.warn({ event: "queue.worker.error", queue, err: error.message }, "worker error"));
    return worker;
  });
  log.info({ event: "worker.started", queues: Object.keys(handlers) }, "workers started");

  let closing: Promise<void> | undefined;
  return {
    workerId,
    close() {
      // Two steps: stop taking jobs and let in-flight ones finish (worker.close waits), then
      // release the transport and the connection. A second call returns the same promise.
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        mailer.close();
        connection.disconnect();
        log.info({ event: "worker.stopped" }, "workers stopped");
      })();
      return closing;
    },
  };
}
