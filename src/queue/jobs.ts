import { z } from "zod";

/** Queue names. Transactional mail (confirmations) is kept apart from the digest stream. */
export const QUEUES = Object.freeze({ digest: "digest", transactional: "transactional" });

/** Job names, each with exactly one handler (workers/digest.ts checks this at start). */
export const JOBS = Object.freeze({
  planEdition: "plan-edition",
  sendBatch: "send-batch",
  sendConfirmation: "send-confirmation",
});

export const planEditionPayloadSchema = z.object({
  /** The UTC hour being planned, ISO 8601. */
  slotStartsAt: z.iso.datetime(),
  /** When set, plan every active reader now as if their hour had come (`digest send --now`). */
  isManual: z.boolean().default(false),
  /** Edition date override (YYYY-MM-DD) for manual runs. */
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

// BullMQ job ids must not contain ":" and must not be plain integers.
const idPart = (value: string) => value.replace(/[^0-9A-Za-z]/g, "");

/** One plan job per slot hour: adding it twice (two schedulers, a retried tick) is a no-op. */
export function buildPlanEditionJobId(slotStartsAt: Date, isManual: boolean): string {
  return `plan-edition_${idPart(slotStartsAt.toISOString())}${isManual ? "_manual" : ""}`;
}

export function buildSendBatchJobId(batchId: number): string {
  return `send-batch_${batchId}`;
}

export function buildSendConfirmationJobId(subscriberId: number, requestedAt: Date): string {
  return `send-confirmation_${subscriberId}_${idPart(requestedAt.toISOString())}`;
}
