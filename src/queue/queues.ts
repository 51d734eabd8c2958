import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES } from "./jobs.ts";

export type Queues = { plan: Queue; send: Queue; transactional: Queue; import: Queue; close(): Promise<void> };

// Completed jobs are kept a day so a repeated add of the same id within that time stays a no-op
// (the ledger, not Redis, is what guarantees exactly-once beyond it).
const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** The producer side of every queue, on one shared connection. */
export function createQueues(connection: Redis, prefix: string): Queues {
  const make = (name: string) => new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const plan = make(QUEUES.plan);
  const send = make(QUEUES.send);
  const transactional = make(QUEUES.transactional);
  const imports = make(QUEUES.import);
  return {
    plan,
    send,
    transactional,
    import: imports,
    async close() {
      await Promise.all([plan.close(), send.close(), transactional.close(), imports.close()]);
    },
  };
}
