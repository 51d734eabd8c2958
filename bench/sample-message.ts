import { writeFile } from "node:fs/promises";
import type pg from "pg";
import type { AppConfig } from "../src/config/env.ts";
import type { Db } from "../src/db/client.ts";
import { systemClock } from "../src/lib/clock.ts";
import { loadDigestTemplates } from "../src/mail/digest-templates.io.ts";
import { buildReaderPreview } from "../src/digest/preview.repo.ts";

export type SampleMessage = { file: string; lfFile: string; bytes: number; papers: number };

/**
 * One 10-paper HTML digest exactly as a reader of the run got it (same selection, rendering and
 * personalisation, through the product's preview path), written to `file` for the ceilings to
 * re-send; `lfFile` has bare LF line ends, as smtp-source -F wants them.
 */
export async function writeSampleMessage(db: Db, pool: pg.Pool, config: AppConfig, file: string): Promise<SampleMessage> {
  const row = (await pool.query<{ email: string; date: string; papers: number }>(
    `SELECT s.email, e.date::text AS date, cardinality(cg.paper_ids) AS papers
     FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id JOIN content_groups cg ON cg.id = d.content_group_id
     JOIN editions e ON e.id = d.edition_id
     WHERE s.format = 'html' AND d.status = 'sent' AND NOT cg.is_fallback
     ORDER BY cardinality(cg.paper_ids) DESC, d.id LIMIT 1`,
  )).rows[0];
  if (!row) throw new Error("no HTML delivery was sent: nothing to take a sample message from");
  const preview = await buildReaderPreview(db, row.email, row.date, { config, templates: await loadDigestTemplates(), clock: systemClock });
  if (preview.kind !== "email") throw new Error(`the sample reader gets no email: ${preview.reason}`);
  const lfFile = `${file}.lf`;
  await writeFile(file, preview.eml);
  await writeFile(lfFile, preview.eml.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
  return { file, lfFile, bytes: preview.eml.length, papers: row.papers };
}
