import { mkdirSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { loadConfig } from "../src/config/env.ts";
import { createDb } from "../src/db/client.ts";
import { createQueues } from "../src/queue/queues.ts";
import { createLogger } from "../src/telemetry/logger.ts";
import { handlePlanEdition } from "../src/digest/plan-edition.job.ts";
import { ensureEditions } from "../src/digest/edition.repo.ts";
import { createEditionContexts } from "../src/digest/edition-context.ts";
import { buildProfileKey } from "../src/digest/assign-content.ts";
import { loadSeedPageSources, SEED_PAGES_DIR } from "../src/papers/seed-pages.io.ts";
import { startBenchServices, type BenchPorts } from "./services.ts";
import { buildTopicProfiles } from "./topic-profiles.ts";
import { seedReaders } from "./seed-readers.ts";
import { generateSelectionData, type SelectionData } from "./selection-data.ts";
import { explainSelection } from "./selection-plans.ts";

export type SelectionOptions = { papers: number; profiles: number; readers: number; dataDir: string; ports: BenchPorts; reuse: boolean; keepServices: boolean; seed: number };

const DATABASE = "paperwire_selection";

/**
 * Planning at scale: a million papers (about 5% ever trended, a few hundred in the window),
 * `profiles` distinct topic profiles over `readers` readers. Times the plan job (edition and
 * ledger) and the selection of every profile's ranking as the send path computes it, and prints
 * the query plans behind them.
 */
export async function runSelectionScenario(o: SelectionOptions): Promise<void> {
  const services = await startBenchServices({ dataDir: o.dataDir, ports: o.ports, database: DATABASE, reuse: o.reuse });
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 2 });
  const db = createDb(services.databaseUrl, { poolSize: 2 });
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, "selection");
  try {
    const samples = await loadSamples();
    const anchorDay = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const data = await ensureData(pool, o, samples, anchorDay);
    const profiles = buildTopicProfiles(samples.abstracts, o.profiles, o.seed);
    await pool.query("DELETE FROM deliveries; DELETE FROM send_batches; DELETE FROM send_slots; DELETE FROM content_groups; DELETE FROM editions; DELETE FROM subscribers");
    await seedReaders(pool, o.readers, profiles);
    log(`${data.papers.toLocaleString("en-US")} papers, ${data.trendRows.toLocaleString("en-US")} trend rows, ${data.candidates} candidates in the window ending ${anchorDay}; ${o.readers.toLocaleString("en-US")} readers over ${profiles.length.toLocaleString("en-US")} profiles`);

    const config = loadConfig({ DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, APP_SECRET: "x".repeat(32), QUEUE_PREFIX: "selection" });
    // The job's own log says when the ledger was written ("digest.slot.planned").
    const events: { event?: string; time: number }[] = [];
    const planLog = createLogger({ level: "info", name: "bench", destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        events.push(JSON.parse(chunk.toString()) as { event?: string; time: number });
        done();
      },
    }) });
    // The plan job in parts: the edition's general ranking (the trending window), then the job
    // itself (ledger, then enqueueing the batches), which finds the edition made.
    const editionStarted = performance.now();
    await ensureEditions(db, [anchorDay], config.trendingWindowDays);
    const editionSeconds = (performance.now() - editionStarted) / 1000;
    const planStarted = performance.now();
    const slotStartsAt = new Date();
    const plan = await handlePlanEdition({ slotStartsAt: slotStartsAt.toISOString(), isManual: true, editionDate: anchorDay }, { db, queues, config, log: planLog });
    const jobSeconds = (performance.now() - planStarted) / 1000;
    const plannedAt = events.find((e) => e.event === "digest.slot.planned")?.time ?? NaN;
    const ledgerSeconds = (plannedAt - (Date.now() - (performance.now() - planStarted))) / 1000;
    const planSeconds = editionSeconds + jobSeconds;
    log(`planned ${plan.planned.toLocaleString("en-US")} deliveries in ${plan.batches} batches in ${planSeconds.toFixed(2)} s`);

    // Planning just wrote 100,000 rows; let autovacuum's work on them happen now, not during the timed pass.
    await pool.query("VACUUM ANALYZE deliveries, send_batches, subscribers");
    const editionId = (await db.edition.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } })).id;
    const contexts = createEditionContexts(db);
    const contextStarted = performance.now();
    await contexts.edition(editionId);
    const contextMs = performance.now() - contextStarted;
    const times: number[] = [];
    let slowest = { ms: 0, topics: [] as string[] };
    const selectionStarted = performance.now();
    for (const topics of profiles) {
      const started = performance.now();
      await contexts.profile(editionId, buildProfileKey({ topics, papersPerEmail: 10 }));
      const ms = performance.now() - started;
      times.push(ms);
      if (ms > slowest.ms) slowest = { ms, topics };
    }
    const selectionSeconds = (performance.now() - selectionStarted) / 1000;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    const plans = await explainSelection(pool, { anchorDay, windowDays: config.trendingWindowDays, profiles, editionId, abstracts: samples.abstracts, slowest: slowest.topics });

    const lines = [
      "",
      `Selection at scale · ${data.papers.toLocaleString("en-US")} papers · ${profiles.length.toLocaleString("en-US")} profiles · ${o.readers.toLocaleString("en-US")} readers`,
      `  data            generated in ${data.seconds.toFixed(0)} s${o.reuse ? " (or reused)" : ""}; ${data.trendRows.toLocaleString("en-US")} trend rows; ${data.candidates} candidates in the ${config.trendingWindowDays}-day window`,
      `  plan            ${planSeconds.toFixed(2)} s: edition ranking ${editionSeconds.toFixed(2)} s, ledger of ${plan.planned.toLocaleString("en-US")} deliveries in ${plan.batches} batches ${ledgerSeconds.toFixed(2)} s, enqueueing ${(jobSeconds - ledgerSeconds).toFixed(2)} s`,
      `  edition context ${contextMs.toFixed(0)} ms (cards of the candidates, once per process)`,
      `  selection       ${selectionSeconds.toFixed(1)} s for all profiles; per profile p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
      `  targets         ${planSeconds < 10 ? "met   " : "MISSED"} planning < 10 s; ${at(0.99) < 20 ? "met   " : "MISSED"} selection p99 < 20 ms`,
      "",
      plans,
    ];
    console.log(lines.join("\n"));
    const resultsDir = path.join(o.dataDir, "results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, `selection-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), JSON.stringify({
      data, profiles: profiles.length, readers: o.readers, planSeconds, editionSeconds, ledgerSeconds, jobSeconds, plan, contextMs, selectionSeconds,
      perProfileMs: { p50: at(0.5), p99: at(0.99), max: times.at(-1) }, plans,
    }, null, 2));
  } finally {
    await queues.close();
    redis.disconnect();
    await pool.end();
    await db.$disconnect();
    await services.stop({ keepDatabases: o.keepServices });
  }
}

async function loadSamples() {
  const log = createLogger({ level: "silent", name: "bench" });
  const batches = await Promise.all((await loadSeedPageSources(SEED_PAGES_DIR, new Date())).map((s) => s.load({ log })));
  const papers = batches.flatMap((b) => b.papers);
  const abstracts = papers.map((p) => p.abstract);
  return {
    abstracts,
    titles: papers.map((p) => p.title),
    sentences: abstracts.flatMap((a) => a.split(/(?<=[.!?])\s+/)).filter((s) => s.length >= 40 && s.length <= 400),
  };
}

// The million papers take minutes; with --reuse a database holding the same count is kept.
async function ensureData(pool: pg.Pool, o: SelectionOptions, samples: Awaited<ReturnType<typeof loadSamples>>, anchorDay: string): Promise<SelectionData> {
  await pool.query("CREATE TABLE IF NOT EXISTS bench_meta (papers int NOT NULL, anchor_day date NOT NULL, data jsonb NOT NULL)");
  const existing = (await pool.query<{ papers: number; anchor_day: string; data: SelectionData }>("SELECT papers, anchor_day::text, data FROM bench_meta")).rows[0];
  if (o.reuse && existing?.papers === o.papers) {
    // Trend days follow the anchor: move them so the window still ends yesterday.
    await pool.query("UPDATE paper_trends SET day = day + ($1::date - $2::date)", [anchorDay, existing.anchor_day]);
    await pool.query("UPDATE bench_meta SET anchor_day = $1", [anchorDay]);
    log("reusing the generated papers");
    return { ...existing.data, anchorDay };
  }
  log(`generating ${o.papers.toLocaleString("en-US")} papers…`);
  const data = await generateSelectionData(pool, { count: o.papers, titles: samples.titles, sentences: samples.sentences, anchorDay, log });
  await pool.query("DELETE FROM bench_meta");
  await pool.query("INSERT INTO bench_meta VALUES ($1, $2, $3)", [o.papers, anchorDay, JSON.stringify(data)]);
  return data;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
