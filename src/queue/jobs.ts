import { z } from "zod";

/**
 * Queue names. Sending has a queue of its own because BullMQ's limiter is per queue: it paces
 * send-batch jobs for every worker at once. Transactional mail (confirmations) is kept apart
 * from the digest stream.
 */
export const QUEUES = Object.freeze({ plan: "plan", send: "send", transactional: "transactional", import: "import" });

/** Job names, each with exactly one handler (workers/digest.ts checks this at start). */
export const JOBS = Object.freeze({
  planEdition: "plan-edition",
  sendBatch: "send-batch",
  sendConfirmation: "send-confirmation",
  importPapers: "import-papers",
});

export const planEditionPayloadSchema = z.object({
  /** The UTC hour being planned (or the instant of a manual run), ISO 8601. */
  slotStartsAt: z.iso.datetime(),
  /** When set, plan every active reader now as if their hour had come (`digest send --now`). */
  isManual: z.boolean(),
  /** Edition date (YYYY-MM-DD) of a manual run; scheduled runs use each reader's local date. */
  editionDate: z.iso.date().optional(),
});
export type PlanEditionPayload = z.infer<typeof planEditionPayloadSchema>;

export const sendBatchPayloadSchema = z.object({ batchId: z.number().int().positive() });
export type SendBatchPayload = z.infer<typeof sendBatchPayloadSchema>;

export const sendConfirmationPayloadSchema = z.object({
  subscriberId: z.number().int().positive(),
  /** Distinguishes re-sends; the job id is built from it so each re-send is one job. */
  requestedAt: z.iso.datetime(),
});
export type SendConfirmationPayload = z.infer<typeof sendConfirmationPayloadSchema>;

export const importPapersPayloadSchema = z.object({
  source: z.enum(["huggingface", "arxiv"]),
  /** A day (YYYY-MM-DD) for Hugging Face, a category (cs.LG) for arXiv. */
  target: z.string().regex(/^[0-9A-Za-z.-]{1,40}$/),
});
export type ImportPapersPayload = z.infer<typeof importPapersPayloadSchema>;

// BullMQ job ids must not contain ":" and must not be plain integers.
const idPart = (value: string) => value.replace(/[^0-9A-Za-z]/g, "");

/**
 * The slot's key: the UTC hour for scheduled runs, so every scheduler and restart names the same
 * slot; the instant for manual runs, so each `digest send --now` is a run of its own.
 */
export function buildSlotKey(slotStartsAt: Date, isManual: boolean): string {
  const iso = slotStartsAt.toISOString();
  return isManual ? `manual-${iso}` : iso.slice(0, 13);
}

/** One plan job per slot: adding it twice (two schedulers, a retried tick) is a no-op. */
export function buildPlanEditionJobId(slotKey: string): string {
  return `plan-edition_${idPart(slotKey)}`;
}

export function buildSendBatchJobId(batchId: number): string {
  return `send-batch_${batchId}`;
}

export function buildSendConfirmationJobId(subscriberId: number, requestedAt: Date): string {
  return `send-confirmation_${subscriberId}_${idPart(requestedAt.toISOString())}`;
}

/** One import per source, target and schedule firing: any number of schedulers import once. */
export function buildImportPapersJobId(payload: ImportPapersPayload, firedAt: Date): string {
  return `import-papers_${payload.source}_${idPart(payload.target)}_${idPart(firedAt.toISOString().slice(0, 16))}`;
}
