// Baseline "naive": what sending costs without the pipeline's sharing. For every reader, in
// `connections` parallel lanes: MJML compile of their digest, Nodemailer composing and sending
// it, one insert. Selection is computed once per profile beforehand, so only rendering, composing,
// sending and recording are timed. Prints one JSON line: { messages, seconds, cpuSeconds }.
import pg from "pg";
import { loadConfig } from "../../src/config/env.ts";
import { createDb } from "../../src/db/client.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { READER_PLACEHOLDERS } from "../../src/mail/digest-content.ts";
import { loadDigestTemplates } from "../../src/mail/digest-templates.io.ts";
import { createDigestRenderer } from "../../src/mail/digest-renderer.ts";
import { escapeHtml } from "../../src/mail/fill-template.ts";
import { Mailer } from "../../src/mail/transport.io.ts";
import { buildProfileKey } from "../../src/digest/assign-content.ts";
import { createEditionContexts } from "../../src/digest/edition-context.ts";
import { renderContentGroup } from "../../src/digest/prepare-content.ts";
import { buildDigestHeaders, buildReaderLinks } from "../../src/digest/reader-links.ts";
import { selectUnseen } from "../../src/digest/trending.ts";
import { TIMED_START } from "./timed-start.ts";

const [count, connections] = process.argv.slice(2).map(Number) as [number, number];
const config = loadConfig(process.env);
const db = createDb(config.databaseUrl, { poolSize: 2 });
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: connections });
const mailer = new Mailer(config.smtpUrl, { poolSize: connections });
const templates = await loadDigestTemplates();
const editions = createEditionContexts(db);

await pool.query("CREATE TABLE IF NOT EXISTS bench_naive_sends (subscriber_id int NOT NULL, message_id text NOT NULL, response text, sent_at timestamptz NOT NULL DEFAULT now())");
const editionId = (await db.edition.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } })).id;
const edition = await editions.edition(editionId);
const readers = await db.subscriber.findMany({ where: { status: "active" }, orderBy: { id: "asc" }, take: count });
const rankings = new Map<number, Awaited<ReturnType<typeof editions.profile>>>();
for (const r of readers) rankings.set(r.id, await editions.profile(editionId, buildProfileKey({ topics: r.topics, papersPerEmail: r.papersPerEmail })));
const listHeaders = buildDigestHeaders(config);
const domain = "paperwire.example";

console.log(TIMED_START);
const started = performance.now();
const cpu = process.cpuUsage();
let next = 0;
async function lane(): Promise<void> {
  while (next < readers.length) {
    const reader = readers[next++]!;
    const ranking = rankings.get(reader.id)!;
    const paperIds = selectUnseen(ranking.ranked, new Set(), reader.papersPerEmail);
    // A fresh renderer per reader: the whole digest compiled by MJML for each one, as the naive way does.
    const rendered = await renderContentGroup({ id: reader.id, contentKey: "naive", paperIds, topics: [...ranking.topics], isFallback: ranking.isFallback, ranking: "trending" }, edition, { renderer: createDigestRenderer(templates), config });
    const links = buildReaderLinks(config, reader.id, systemClock);
    const fill = (s: string, esc: (v: string) => string) =>
      s.replaceAll(READER_PLACEHOLDERS.unsubscribeUrl, esc(links.unsubscribeUrl)).replaceAll(READER_PLACEHOLDERS.preferencesUrl, esc(links.preferencesUrl));
    const messageId = `naive.${reader.id}@${domain}`;
    const info = await mailer.submit({
      from: config.mailFrom,
      to: reader.email,
      subject: rendered.subject,
      html: reader.format === "html" ? fill(rendered.html, escapeHtml) : undefined,
      text: fill(rendered.text, (v) => v),
      headers: { ...listHeaders, ...links.headers },
      messageId: `<${messageId}>`,
      textEncoding: "quoted-printable",
    });
    await pool.query("INSERT INTO bench_naive_sends (subscriber_id, message_id, response) VALUES ($1, $2, $3)", [reader.id, messageId, info.response]);
  }
}
await Promise.all(Array.from({ length: connections }, lane));
const used = process.cpuUsage(cpu);
const seconds = (performance.now() - started) / 1000;
mailer.close();
await pool.end();
await db.$disconnect();
console.log(JSON.stringify({ messages: readers.length, seconds, cpuSeconds: (used.user + used.system) / 1e6 }));
