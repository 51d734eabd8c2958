import { DateTime } from "luxon";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../telemetry/logger.ts";
import type { Clock } from "../lib/clock.ts";
import type { Mailer } from "../mail/transport.io.ts";
import type { DigestRenderer } from "../mail/digest-renderer.ts";
import { personaliseMessage } from "../mail/message-template.ts";
import type { MessageBuffers } from "../mail/message-buffers.ts";
import { classifySmtpFailure, describeSmtpFailure } from "../mail/smtp-failure.ts";
import { sendBatchPayloadSchema } from "../queue/jobs.ts";
import { recordHardBounces } from "../subscribers/bounces.repo.ts";
import { buildReaderLinks, buildDigestHeaders } from "./reader-links.ts";
import { assignContent, buildProfileKey, type ProfileRanking } from "./assign-content.ts";
import { claimBatch, claimWave, completeBatch, findReaderHistories, loadQueuedDeliveries, recordOutcomes, recordSkips, upsertContentGroups, type BatchDelivery, type Outcome } from "./ledger.repo.ts";
import type { EditionContext, EditionContexts } from "./edition-context.ts";
import type { ContentGroupRow, ContentPreparer, PreparedContent } from "./prepare-content.ts";
import { metrics } from "../telemetry/metrics.ts";
import { computeEligibleDays } from "./missed-days.ts";
import { mapLimited } from "../lib/map-limited.ts";
import { chooseRanking, orderRanking } from "./momentum.ts";

export type SendBatchDeps = {
  db: Db;
  mailer: Mailer;
  config: AppConfig;
  log: Logger;
  clock: Clock;
  renderer: DigestRenderer;
  editions: EditionContexts;
  contents: ContentPreparer;
  messageBuffers: MessageBuffers;
};

/** Thrown when some deliveries failed temporarily: BullMQ retries the batch with backoff. */
export class TemporaryDeliveryError extends Error {}

/**
 * Sends one batch: claims it, loads its readers in one query, assigns content per profile, then
 * sends in waves (one claim and one outcome write per wave), rendering each content group the
 * first time a wave needs it (once per process), so the first wave goes out after one render,
 * not after all of the batch's. A wave is what a crash can leave unknown; see
 * docs/crash-semantics.md.
 */
export async function handleSendBatch(payload: unknown, deps: SendBatchDeps): Promise<{ sent: number; skipped: number; failed: number }> {
  const { batchId } = sendBatchPayloadSchema.parse(payload);
  const log = deps.log.child({ batchId });
  const claim = await claimBatch(deps.db, batchId);
  if (!claim) {
    log.info({ event: "digest.batch.already_done" }, "batch already done");
    return { sent: 0, skipped: 0, failed: 0 };
  }
  if (claim.recovered > 0) log.warn({ event: "digest.batch.in_flight_recovered", count: claim.recovered }, "resending deliveries a crashed attempt left in flight");
  const stopTimer = metrics.sendBatchSeconds.startTimer();
  const deliveries = await loadQueuedDeliveries(deps.db, batchId);
  const { sendable, skips } = await assign(deliveries, deps);
  await recordSkips(deps.db, skips);

  let sent = 0, failed = 0, temporary = 0;
  const wave = deps.config.smtpPoolSize * 10;
  const context = buildWaveContext(deps);
  for (let i = 0; i < sendable.length; i += wave) {
    const outcome = await sendWave(sendable.slice(i, i + wave), deps, context);
    sent += outcome.sent;
    failed += outcome.failed;
    temporary += outcome.temporary;
  }
  log.info({ event: "digest.batch.sent", sent, skipped: skips.length, failed, temporary }, "batch sent");
  metrics.emailsSent.inc(sent);
  metrics.emailsFailed.inc(failed);
  metrics.emailsRetried.inc(temporary);
  for (const skip of skips) metrics.emailsSkipped.inc({ reason: skip.reason });
  stopTimer();
  if (temporary > 0) throw new TemporaryDeliveryError(`${temporary} deliveries failed temporarily; retrying`);
  await completeBatch(deps.db, batchId, claim.slotId);
  return { sent, skipped: skips.length, failed };
}

type Sendable = { delivery: BatchDelivery; group: ContentGroupRow; edition: EditionContext };

async function assign(deliveries: BatchDelivery[], deps: SendBatchDeps) {
  const skips: { deliveryId: bigint; reason: string }[] = [];
  const sendable: Sendable[] = [];
  const byEdition = new Map<number, BatchDelivery[]>();
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: "utc" }).toISODate()!;
  for (const d of deliveries) {
    const reason = readerSkipReason(d, today);
    if (reason) skips.push({ deliveryId: d.deliveryId, reason });
    else if (byEdition.has(d.editionId)) byEdition.get(d.editionId)!.push(d);
    else byEdition.set(d.editionId, [d]);
  }
  for (const [editionId, readers] of byEdition) {
    const edition = await deps.editions.edition(editionId);
    const histories = await findReaderHistories(deps.db, readers.map((r) => r.subscriberId), edition.since);
    // One load per edition and newest import, shared by every momentum reader of the batch.
    const votes = readers.some((d) => d.ranking === "momentum") ? await deps.editions.votes(editionId) : null;
    const profiled = readers.map((d) => {
      const history = histories.get(d.subscriberId);
      const profile = { topics: d.topics, papersPerEmail: d.papersPerEmail };
      const ranking = chooseRanking(d.ranking, history?.lastEmailAt ?? null, votes);
      return {
        key: d.deliveryId.toString(),
        topicKey: buildProfileKey(profile),
        profileKey: buildProfileKey({ ...profile, ranking }),
        ranking,
        papersPerEmail: d.papersPerEmail,
        received: history?.received ?? NOTHING_RECEIVED,
        eligibleDays: computeEligibleDays(edition.trendingDays, history?.lastAnchorDay ?? null, d.missedDays),
        delivery: d,
      };
    });
    const rankings = new Map<string, ProfileRanking>();
    for (const p of profiled) {
      if (rankings.has(p.profileKey)) continue;
      rankings.set(p.profileKey, orderRanking(await deps.editions.profile(editionId, p.topicKey), p.ranking, votes));
    }
    const { groups, assigned, skipped } = assignContent(profiled, rankings, edition.ranked.length > 0, edition.paperDays);
    const groupIds = await upsertContentGroups(deps.db, editionId, [...groups.values()]);
    const rows = new Map([...groups.values()].map((g) => [g.contentKey, { id: groupIds.get(g.contentKey)!, ...g }]));
    for (const p of profiled) {
      const reason = skipped.get(p.key);
      if (reason) skips.push({ deliveryId: p.delivery.deliveryId, reason });
      else sendable.push({ delivery: p.delivery, group: rows.get(assigned.get(p.key)!)!, edition });
    }
  }
  // Readers of one content group go out together: a wave then needs one or two rendered groups.
  sendable.sort((a, b) => a.group.id - b.group.id || Number(a.delivery.deliveryId - b.delivery.deliveryId));
  return { sendable, skips };
}

const NOTHING_RECEIVED: ReadonlySet<number> = new Set();

// Status and pause are read when the batch runs, not when the slot was planned, so an
// unsubscribe or a pause takes effect at once.
function readerSkipReason(d: BatchDelivery, today: string): string | undefined {
  if (d.status !== "active") return d.status;
  if (d.pausedUntil && DateTime.fromJSDate(d.pausedUntil, { zone: "utc" }).toISODate()! >= today) return "paused";
  return undefined;
}

/** What every wave of a batch shares: sender, Message-ID domain, list headers. */
function buildWaveContext(deps: SendBatchDeps) {
  return {
    domain: deps.config.mailFrom.match(/@([^>\s]+)/)?.[1] ?? "paperwire.localhost",
    envelopeFrom: deps.config.mailFrom.match(/<([^>]+)>/)?.[1] ?? deps.config.mailFrom,
    staticHeaders: buildDigestHeaders(deps.config),
  };
}

const MESSAGES_PER_CONNECTION = 2;

/** Messages a batch has built and handed to the transport at once: what a process needs buffers for, per batch. */
export function countMessagesInFlight(config: Pick<AppConfig, "smtpPoolSize">): number {
  return config.smtpPoolSize * MESSAGES_PER_CONNECTION;
}

async function sendWave(wave: Sendable[], deps: SendBatchDeps, context: ReturnType<typeof buildWaveContext>) {
  // Render before claiming: a rendering fault leaves the wave queued for the job's retry.
  const prepared = new Map<number, PreparedContent>();
  for (const s of wave) {
    if (prepared.has(s.group.id)) continue;
    prepared.set(s.group.id, await deps.contents.prepare(s.group, s.edition, { ...deps, staticHeaders: context.staticHeaders }));
  }
  const messageId = (d: BatchDelivery) => `${d.deliveryId}.${d.editionId}@${context.domain}`;
  const claimed = await claimWave(deps.db, wave.map((s) => ({ deliveryId: s.delivery.deliveryId, contentGroupId: s.group.id, messageId: messageId(s.delivery) })));
  // Two messages per connection in flight, not the whole wave: a message built long before its
  // connection is free outlives the young generation and grows the heap (docs/benchmarks.md).
  const outcomes = await mapLimited(
    wave.filter((s) => claimed.has(s.delivery.deliveryId)), countMessagesInFlight(deps.config), async (s): Promise<Outcome & { s: Sendable }> => {
      const links = buildReaderLinks(deps.config, s.delivery.subscriberId, deps.clock);
      const content = prepared.get(s.group.id)!;
      const template = s.delivery.format === "text" ? content.textOnly : content.withHtml;
      let buffer: Buffer | undefined;
      const raw = personaliseMessage(template, { to: s.delivery.email, messageId: messageId(s.delivery), ...links }, (size) => (buffer = deps.messageBuffers.take(size)));
      try {
        const info = await deps.mailer.submitRaw({ from: context.envelopeFrom, to: s.delivery.email }, raw, `<${messageId(s.delivery)}>`);
        return { deliveryId: s.delivery.deliveryId, kind: "sent", response: info.response, s };
      } catch (error) {
        return { deliveryId: s.delivery.deliveryId, kind: classifySmtpFailure(error), error: describeSmtpFailure(error), s };
      } finally {
        // The server has answered (or the connection is gone): the transport is done with the bytes.
        deps.messageBuffers.give(buffer!);
      }
    },
  );
  await recordOutcomes(deps.db, outcomes);
  const permanent = outcomes.filter((o) => o.kind === "permanent");
  if (permanent.length > 0) {
    await recordHardBounces(deps.db, permanent.map((o) => ({ subscriberId: o.s.delivery.subscriberId, email: o.s.delivery.email, detail: o.kind === "permanent" ? o.error : "" })), deps.config.bounceLimit);
  }
  return {
    sent: outcomes.filter((o) => o.kind === "sent").length,
    failed: permanent.length,
    temporary: outcomes.filter((o) => o.kind === "temporary").length,
  };
}
