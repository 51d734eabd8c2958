import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../src/http/app.ts";
import type { IncomingPaper, PaperSource } from "../../../src/papers/incoming-paper.ts";
import { runImport } from "../../../src/papers/import-papers.ts";
import { startScheduler, type RunningScheduler } from "../../../src/runtime/scheduler.ts";
import { buildReaderPath } from "../../../src/subscribers/links.ts";
import { createLogger } from "../../../src/telemetry/logger.ts";
import { makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";

// Two Hugging Face imports with different votes, an email between them: momentum readers get
// day two ordered by votes gained since that email, trending readers the trending order.
let p: Pipeline;
let scheduler: RunningScheduler;
let app: FastifyInstance;
const readers: Record<string, { id: number; email: string }> = {};
const log = createLogger({ level: "silent", name: "test" });

/** A Hugging Face day as the importer sees it: [letter, upvotes] in rank order. */
function hfDay(day: string, listing: [letter: string, upvotes: number][]): PaperSource {
  const papers = listing.map(([letter, upvotes], i): IncomingPaper => ({
    arxivId: `2611.0000${"ABCDEFG".indexOf(letter) + 1}`, title: `Paper ${letter}`, authors: ["Ada Lovelace"], abstract: `About ${letter}.`,
    publishedAt: null, categories: [], pageUrl: null, pdfUrl: null, codeUrl: null, codeStars: null, projectUrl: null, thumbnailUrl: null,
    aiSummary: null, aiKeywords: [], commentCount: null, trend: { day, rank: i + 1, upvotes },
  }));
  return { kind: "huggingface", target: day, load: async () => ({ papers, failures: [], skipped: [] }) };
}

const titlesOf = (text: string | undefined) => [...(text ?? "").matchAll(/^Paper ([A-G])$/gm)].map((m) => m[1]);
const mailsTo = (reader: { email: string }) => p.sink.messages.filter((m) => m.envelopeTo[0] === reader.email);
const groupOf = async (reader: { id: number }, date: string) => {
  const delivery = await p.clients.db.delivery.findFirstOrThrow({
    where: { subscriberId: reader.id, edition: { date: new Date(`${date}T00:00:00Z`) } },
    include: { contentGroup: true },
  });
  return delivery.contentGroup!;
};

beforeAll(async () => {
  p = await createPipeline({ clock: "2026-11-20T08:00:00Z" });
  const first = await runImport({ db: p.clients.db, log, source: hfDay("2026-11-20", [["A", 100], ["B", 90], ["C", 80], ["D", 70], ["E", 60], ["F", 50]]) });
  expect(first.status).toBe("succeeded");
  readers.momentum = await makeSubscriber(p.clients.db, { papersPerEmail: 3, ranking: "momentum" });
  readers.momentumToo = await makeSubscriber(p.clients.db, { papersPerEmail: 3, ranking: "momentum" });
  readers.trending = await makeSubscriber(p.clients.db, { papersPerEmail: 3 });
  await p.startWorkers();
  scheduler = await startScheduler(p.clients, p.clock);
  app = await buildApp({ ...p.clients, clock: p.clock });
});

afterAll(async () => {
  await app?.close();
  scheduler?.close();
  await p?.close();
});

describe("momentum ranking", () => {
  it("first email: no earlier email to count from, so everyone gets the trending order", async () => {
    await p.waitForSlot("2026-11-20T08");
    for (const reader of Object.values(readers)) expect(titlesOf(mailsTo(reader)[0]?.parsed.text)).toEqual(["A", "B", "C"]);
    expect((await groupOf(readers.momentum!, "2026-11-20")).ranking).toBe("trending");
  });

  it("after a second import: momentum readers get the papers that gained most since their email, trending readers the trending order", async () => {
    // Day two lists C to G with new votes: C +1, D +25, E +40, F +1, and G, new, 30.
    const second = await runImport({ db: p.clients.db, log, source: hfDay("2026-11-21", [["C", 81], ["D", 95], ["E", 100], ["F", 51], ["G", 30]]) });
    expect(second.status).toBe("succeeded");
    expect(await p.clients.db.voteSnapshot.count({ where: { importRunId: second.runId } })).toBe(5);
    readers.newcomer = await makeSubscriber(p.clients.db, { papersPerEmail: 3, ranking: "momentum" });

    p.clock.set("2026-11-21T08:00:00Z");
    await scheduler.tick();
    const summary = await p.waitForSlot("2026-11-21T08");
    expect(summary.byStatus).toEqual({ sent: 4 });

    // C was received on day one; of the rest, E gained 40, G 30 (all of its votes), D 25.
    expect(titlesOf(mailsTo(readers.momentum!).at(-1)?.parsed.text)).toEqual(["E", "G", "D"]);
    expect(titlesOf(mailsTo(readers.momentumToo!).at(-1)?.parsed.text)).toEqual(["E", "G", "D"]);
    expect(titlesOf(mailsTo(readers.trending!).at(-1)?.parsed.text)).toEqual(["D", "E", "F"]);
    // The momentum email says how it is ordered; the trending one does not.
    expect(mailsTo(readers.momentum!).at(-1)?.parsed.text).toContain("Ranked by momentum");
    expect(String(mailsTo(readers.momentum!).at(-1)?.parsed.html)).toContain("Ranked by momentum");
    expect(mailsTo(readers.trending!).at(-1)?.parsed.text).not.toContain("momentum");
    // A first email, even for a momentum reader, is in trending order.
    expect(titlesOf(mailsTo(readers.newcomer!).at(-1)?.parsed.text)).toEqual(["C", "D", "E"]);
  });

  it("momentum readers with the same since-point share one content group, marked momentum", async () => {
    const [momentum, momentumToo, trending, newcomer] = await Promise.all(
      [readers.momentum!, readers.momentumToo!, readers.trending!, readers.newcomer!].map((r) => groupOf(r, "2026-11-21")),
    );
    expect(momentumToo!.id).toBe(momentum!.id);
    expect(momentum!.ranking).toBe("momentum");
    expect(trending!.id).not.toBe(momentum!.id);
    expect(trending!.ranking).toBe("trending");
    expect(newcomer!.ranking).toBe("trending");
  });
});

describe("the ranking preference", () => {
  it("is a choice on the preferences page, saved from the form and from JSON, and refused when unknown", async () => {
    const reader = await makeSubscriber(p.clients.db);
    const url = buildReaderPath(p.config, "preferences", reader.id, p.clock);
    const page = await app.inject({ method: "GET", url });
    expect(page.body).toContain('name="ranking" value="trending" checked');
    expect(page.body).toContain("the most upvotes gained since my last email");

    const form = await app.inject({ method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "ranking=momentum" });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="ranking" value="momentum" checked');
    expect((await p.clients.db.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).ranking).toBe("momentum");

    const json = (body: unknown) => app.inject({ method: "POST", url, headers: { "content-type": "application/json", accept: "application/json" }, payload: JSON.stringify(body) });
    const back = await json({ ranking: "trending" });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ preferences: { ranking: "trending" } });
    const refused = await json({ ranking: "hype" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/trending or momentum/);
    expect((await p.clients.db.subscriber.findUniqueOrThrow({ where: { id: reader.id } })).ranking).toBe("trending");
  });
});
