// Rendering cost per content group versus personalisation cost per reader, with the naive way
// (MJML + MIME per reader) as the baseline measured in the same run.
// Run: npx tsx bench/render-vs-personalise.ts [--readers 2000]
import { performance } from "node:perf_hooks";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { loadDigestTemplates } from "../src/mail/digest-templates.io.ts";
import { createDigestRenderer } from "../src/mail/digest-renderer.ts";
import { buildMessageTemplate, personaliseMessage } from "../src/mail/message-template.ts";
import type { PaperCard } from "../src/mail/digest-content.ts";
import { buildSeedBatch } from "../src/papers/seed-page.ts";
import { readFile } from "node:fs/promises";

const readers = Number(process.argv[process.argv.indexOf("--readers") + 1] || 2000);
const page = await readFile(new URL("../prisma/seed/pages/000_3ade7c630ac97256.txt", import.meta.url), "utf8");
const batch = buildSeedBatch("000", page, new Date("2026-11-24T00:00:00Z"));
const papers: PaperCard[] = batch.papers.slice(0, 10).map((p, i) => ({
  title: p.title, authors: ["Ada Example", "Alan Example", "Grace Example"], abstract: p.abstract, aiSummary: null, aiKeywords: [], commentCount: null,
  rank: i + 1, trendDay: "2026-07-03", upvotes: 120 - i * 7, pageUrl: `https://huggingface.co/papers/2607.0${1000 + i}`,
  pdfUrl: `https://arxiv.org/pdf/2607.0${1000 + i}`, codeUrl: i % 2 ? "https://github.com/example/repo" : null, codeStars: i % 2 ? 1200 : null, projectUrl: null, thumbnailUrl: null,
}));
const templates = await loadDigestTemplates();
const content = { editionDate: "2026-11-24", papers, topics: [], isFallback: false, ranking: "trending" as const, viewUrl: "https://paperwire.example/digests/1-abc", archiveUrl: "https://paperwire.example/archive", postalAddress: "1 Example Street" };
const headers = { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "List-Id": "paperwire digest <daily.paperwire.example>" };
const reader = (i: number) => ({
  to: `reader${i}@example.org`, messageId: `${i}.1@paperwire.example`,
  unsubscribeUrl: `https://paperwire.example/unsubscribe?token=1.u.${i.toString(36)}.0.AbCdEfGhIjKlMnOpQrStUv`,
  preferencesUrl: `https://paperwire.example/preferences?token=1.p.${i.toString(36)}.0.AbCdEfGhIjKlMnOpQrStUv`,
  headers: { "List-Unsubscribe": `<https://paperwire.example/unsubscribe?token=1.u.${i.toString(36)}.0.AbCdEfGhIjKlMnOpQrStUv>` },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (fn: () => Promise<unknown> | unknown) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

// Cold: a fresh renderer compiles the whole digest (MJML once for it). Warm: the renderer has
// compiled these cards and this layout before, as a worker has after its first few groups.
const renderer = createDigestRenderer(templates);
await renderer.render(content);
const renders: number[] = [];
for (let i = 0; i < 20; i++) renders.push(await time(() => createDigestRenderer(templates).render(content)));
const warmRenders: number[] = [];
for (let i = 0; i < 200; i++) warmRenders.push(await time(() => renderer.render(content)));
const rendered = await renderer.render(content);
const buildOnce = () => buildMessageTemplate({ from: "paperwire <d@paperwire.example>", subject: rendered.subject, html: rendered.html, text: rendered.text, headers });
await buildOnce();
const mimeBuilds: number[] = [];
for (let i = 0; i < 20; i++) mimeBuilds.push(await time(buildOnce));
const mimeOnce = median(mimeBuilds);
const template = await buildMessageTemplate({ from: "paperwire <d@paperwire.example>", subject: rendered.subject, html: rendered.html, text: rendered.text, headers });

let bytes = 0;
const personalise = await time(() => {
  for (let i = 0; i < readers; i++) bytes += personaliseMessage(template, reader(i)).length;
});
const naiveSample = Math.min(readers, 200);
const naive = await time(async () => {
  for (let i = 0; i < naiveSample; i++) {
    const r = await createDigestRenderer(templates).render(content);
    const rd = reader(i);
    await new MailComposer({ from: "paperwire <d@paperwire.example>", to: rd.to, subject: r.subject, html: r.html.replaceAll("%%unsubscribe_url%%", rd.unsubscribeUrl), text: r.text, headers: { ...headers, ...rd.headers } }).compile().build();
  }
});

const perReader = personalise / readers;
const naivePerReader = naive / naiveSample;
console.log(`render of one 10-paper digest: cold (MJML) median ${median(renders).toFixed(1)} ms (20 runs), warm (compiled cards) ${median(warmRenders).toFixed(3)} ms (200 runs); MIME build once: ${mimeOnce.toFixed(1)} ms`);
console.log(`personalisation per reader: ${(perReader * 1000).toFixed(1)} µs over ${readers} readers (${Math.round(bytes / readers)} bytes per email)`);
console.log(`naive per reader (MJML + compose each time, ${naiveSample} readers): ${naivePerReader.toFixed(2)} ms`);
console.log(`ratio naive / personalised: ${(naivePerReader / perReader).toFixed(0)}×`);
