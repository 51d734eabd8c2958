import { writeFile } from "node:fs/promises";
import type pg from "pg";
import type { AppConfig } from "../src/config/env.ts";
import type { Db } from "../src/db/client.ts";
import { systemClock } from "../src/lib/clock.ts";
import { loadDigestTemplates } from "../src/mail/digest-templates.io.ts";
import { createDigestRenderer } from "../src/mail/digest-renderer.ts";
import { personaliseMessage } from "../src/mail/message-template.ts";
import { createEditionContexts } from "../src/digest/edition-context.ts";
import { prepareContent } from "../src/digest/prepare-content.ts";
import { buildDigestHeaders, buildReaderLinks } from "../src/digest/reader-links.ts";
import { buildReaderPreview } from "../src/digest/preview.repo.ts";

export type SampleMessage = { file: string; lfFile: string; bytes: number; papers: number };

/**
 * One HTML digest with the most papers, exactly as a reader of the run got it: its delivery's
 * content group prepared and personalised by the send path's own functions, written to `file`
 * for the ceilings to re-send; `lfFile` has bare LF line ends, as smtp-source -F wants them.
 */
export async function writeSampleMessage(db: Db, pool: pg.Pool, config: AppConfig, file: string): Promise<SampleMessage> {
  const row = (await pool.query<{ delivery_id: string; edition_id: number; subscriber_id: number; email: string; message_id: string; group_id: number; content_key: string; paper_ids: number[]; topics: string[]; is_fallback: boolean; ranking: "trending" | "momentum" }>(
    `SELECT d.id AS delivery_id, d.edition_id, d.subscriber_id, s.email, d.message_id, cg.id AS group_id, cg.content_key,
            cg.paper_ids, cg.topics, cg.is_fallback, cg.ranking
     FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id JOIN content_groups cg ON cg.id = d.content_group_id
     WHERE s.format = 'html' AND d.status = 'sent' AND NOT cg.is_fallback
     ORDER BY cardinality(cg.paper_ids) DESC, d.id LIMIT 1`,
  )).rows[0];
  if (!row) throw new Error("no HTML delivery was sent: nothing to take a sample message from");
  const edition = await createEditionContexts(db).edition(row.edition_id);
  const group = { id: row.group_id, contentKey: row.content_key, paperIds: row.paper_ids, topics: row.topics, isFallback: row.is_fallback, ranking: row.ranking };
  const prepared = await prepareContent(group, edition, { renderer: createDigestRenderer(await loadDigestTemplates()), config, staticHeaders: buildDigestHeaders(config) });
  const raw = personaliseMessage(prepared.withHtml, { to: row.email, messageId: row.message_id, ...buildReaderLinks(config, row.subscriber_id, systemClock) });
  const lfFile = `${file}.lf`;
  await writeFile(file, raw);
  await writeFile(lfFile, raw.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
  return { file, lfFile, bytes: raw.length, papers: row.paper_ids.length };
}

/**
 * Before the run: the email of the first HTML reader who gets 10 papers matching their topics,
 * built by the product's preview path (same selection, rendering and personalisation as the
 * send path). Every baseline re-sends these bytes.
 */
export async function writeUnsentSampleMessage(db: Db, config: AppConfig, file: string): Promise<SampleMessage> {
  const renderer = createDigestRenderer(await loadDigestTemplates());
  const readers = await db.subscriber.findMany({ where: { status: "active", format: "html" }, orderBy: { id: "asc" }, take: 200, select: { email: true } });
  for (const reader of readers) {
    const preview = await buildReaderPreview(db, reader.email, undefined, { config, renderer, clock: systemClock });
    if (preview.kind !== "email" || !preview.text.includes("match your topics")) continue;
    // Each card's badge line starts with its rank: "#3 on Fri, Jul 3, 2026 · ▲ 120 upvotes".
    const papers = (preview.text.match(/^#\d+ on /gm) ?? []).length;
    if (papers < 10) continue;
    const lfFile = `${file}.lf`;
    await writeFile(file, preview.eml);
    await writeFile(lfFile, preview.eml.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
    return { file, lfFile, bytes: preview.eml.length, papers };
  }
  throw new Error("no reader gets a 10-paper email matching their topics: nothing to take a baseline message from");
}
