import { DateTime } from "luxon";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { DigestRenderer } from "../mail/digest-renderer.ts";
import { buildMessageTemplate, personaliseMessage } from "../mail/message-template.ts";
import type { RenderedDigest } from "../mail/compose-digest.ts";
import { READER_PLACEHOLDERS } from "../mail/digest-content.ts";
import { escapeHtml } from "../mail/fill-template.ts";
import { assignContent, buildProfileKey } from "./assign-content.ts";
import { computeGeneralRanking, loadEditionRanking } from "./edition.repo.ts";
import { buildEditionContext, computeProfileRanking } from "./edition-context.ts";
import { findReaderHistories } from "./ledger.repo.ts";
import { computeEligibleDays } from "./missed-days.ts";
import { chooseRanking, orderRanking } from "./momentum.ts";
import { findNewestSnapshotTime, loadEditionVotes } from "./vote-snapshots.repo.ts";
import { renderContentGroup } from "./prepare-content.ts";
import { buildDigestHeaders, buildReaderLinks } from "./reader-links.ts";

export type ReaderPreview =
  | { kind: "email"; editionDate: string; subject: string; html: string; text: string; eml: Buffer; format: "html" | "text" }
  | { kind: "skipped"; editionDate: string; reason: string };

/**
 * What a reader would get in the edition of `date` (default: their local today) if it went out
 * now: the same selection, rendering and personalisation as the send path, and no writes.
 */
export async function buildReaderPreview(
  db: Db,
  address: string,
  date: string | undefined,
  deps: { config: AppConfig; renderer: DigestRenderer; clock: Clock },
): Promise<ReaderPreview> {
  const reader = await db.subscriber.findUnique({ where: { email: address } });
  if (!reader) throw new NotFoundError("No subscriber has this address.");
  const editionDate = date ?? DateTime.fromJSDate(deps.clock.now()).setZone(reader.timezone).toISODate()!;
  const ranking = (await loadEditionRanking(db, { date: editionDate })) ?? {
    editionId: 0, date: editionDate, ...(await computeGeneralRanking(db, editionDate, deps.config.trendingWindowDays)),
  };
  const context = await buildEditionContext(db, ranking);
  const profile = { topics: reader.topics, papersPerEmail: reader.papersPerEmail };
  const history = (await findReaderHistories(db, [reader.id], context.since)).get(reader.id);
  const eligibleDays = computeEligibleDays(context.trendingDays, history?.lastAnchorDay ?? null, reader.missedDays);
  const votes = reader.ranking === "momentum" ? await loadEditionVotes(db, context.ranked.map((r) => r.paperId), await findNewestSnapshotTime(db)) : null;
  const order = chooseRanking(reader.ranking, history?.lastEmailAt ?? null, votes);
  const topical = await computeProfileRanking(db, context, buildProfileKey(profile));
  const profileKey = buildProfileKey({ ...profile, ranking: order });
  const { groups, assigned, skipped } = assignContent(
    [{ key: "reader", profileKey, papersPerEmail: reader.papersPerEmail, received: history?.received ?? new Set<number>(), eligibleDays }],
    new Map([[profileKey, orderRanking(topical, order, votes)]]),
    context.ranked.length > 0,
    context.paperDays,
  );
  const reason = skipped.get("reader");
  if (reason) return { kind: "skipped", editionDate, reason };
  const group = groups.get(assigned.get("reader")!)!;
  const rendered = await renderContentGroup({ id: 0, ...group }, context, deps);
  const links = buildReaderLinks(deps.config, reader.id, deps.clock);
  const template = await buildMessageTemplate({
    from: deps.config.mailFrom, subject: rendered.subject, text: rendered.text,
    html: reader.format === "html" ? rendered.html : undefined, headers: buildDigestHeaders(deps.config),
  });
  const eml = personaliseMessage(template, { to: reader.email, messageId: `preview.${reader.id}@paperwire.invalid`, ...links });
  return { kind: "email", editionDate, subject: rendered.subject, format: reader.format, eml, ...fillLinks(rendered, links) };
}

function fillLinks(rendered: RenderedDigest, links: { unsubscribeUrl: string; preferencesUrl: string }) {
  const fill = (s: string, esc: (v: string) => string) =>
    s.replaceAll(READER_PLACEHOLDERS.unsubscribeUrl, esc(links.unsubscribeUrl)).replaceAll(READER_PLACEHOLDERS.preferencesUrl, esc(links.preferencesUrl));
  return { html: fill(rendered.html, escapeHtml), text: fill(rendered.text, (v) => v) };
}
