import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../src/config/env.ts";
import { createDb } from "../src/db/client.ts";
import { startBenchServices, type BenchPorts } from "./services.ts";
import { seedPapers } from "./seed-papers.ts";
import { buildTopicProfiles } from "./topic-profiles.ts";
import { seedReaders } from "./seed-readers.ts";
import { runPipeline } from "./pipeline-run.ts";
import { writeSampleMessage, writeUnsentSampleMessage } from "./sample-message.ts";
import { averageBaselines, runNodeBaseline, runSmtpSource, type BaselineResult } from "./baselines/run-baseline.ts";
import { formatPipelineReport, type PipelineReport } from "./report.ts";
import { checkRecipients } from "./recipient-check.ts";
import { summariseCpuProfiles } from "./cpu-profile.ts";

export type PipelineOptions = {
  readers: number;
  profiles: number;
  workers: number;
  papersPerDay: number;
  naive: number;
  ceilingMessages: number;
  skipBaselines: boolean;
  cpuProf: boolean;
  checkRecipients: boolean;
  env: Record<string, string>;
  workerNodeFlags: string[];
  dataDir: string;
  ports: BenchPorts;
  keepServices: boolean;
  seed: number;
};

/**
 * The one command: own services and database, seeded papers and readers, one slot end to end
 * through real worker processes into smtp-sink, then the baselines against the same sink, and
 * a report with ratios. Throws (exit 1) when any reader did not get exactly one email.
 */
export async function runPipelineScenario(o: PipelineOptions): Promise<PipelineReport> {
  mkdirSync(o.dataDir, { recursive: true });
  // smtp-sink runs as `nobody`, which may not write under the data dir: its dump lives in the
  // temp dir, created beforehand so that it can append to it.
  const dump = o.checkRecipients ? path.join(os.tmpdir(), `paperwire-bench-${process.pid}.dump`) : undefined;
  if (dump) {
    writeFileSync(dump, "");
    chmodSync(dump, 0o666);
  }
  const services = await startBenchServices({ dataDir: o.dataDir, ports: o.ports, database: "paperwire_bench", sinkDump: dump });
  log(`services up (Postgres :${o.ports.postgres}, Redis :${o.ports.redis}, smtp-sink :${o.ports.sink}); seeding…`);
  const { papers, profiles } = await seed(services.databaseUrl, o);
  const pool = new pg.Pool({ connectionString: services.databaseUrl, max: 4 });
  const db = createDb(services.databaseUrl, { poolSize: 2 });
  try {

    const env = {
      NODE_ENV: "production",
      APP_SECRET: randomBytes(24).toString("hex"),
      QUEUE_PREFIX: "bench",
      PUBLIC_URL: "https://paperwire.example",
      MAIL_FROM: "paperwire <digest@paperwire.example>",
      LOG_LEVEL: "info",
      // The limiter paces real sends to a relay's agreed rate; the bench measures capacity.
      SEND_RATE: "100000",
      ...o.env,
    };
    const config = loadConfig({ ...env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, SMTP_URL: services.smtpUrl });
    const profileDir = o.cpuProf ? path.join(o.dataDir, "profiles", new Date().toISOString().replace(/[:.]/g, "-")) : undefined;
    const connections = o.workers * config.smtpPoolSize;
    const baseEnv = { ...env, LOG_LEVEL: "warn", DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, SMTP_URL: services.smtpUrl };
    // The Nodemailer ceiling runs just before and just after the pipeline and the report takes
    // their mean: the machine's load drifts (it is shared), and bracketing the pipeline keeps the
    // ratio fair. Every baseline re-sends the same bytes: a 10-paper digest of this run's data
    // as the product's preview path builds it, written before anything is sent.
    const ceilings: BaselineResult[] = [];
    const ceiling = async (file: string) => {
      log(`baseline Nodemailer ceiling (${o.ceilingMessages} messages, ${connections} connections)…`);
      ceilings.push(await runNodeBaseline("Nodemailer ceiling (raw re-send, 1 process)", "nodemailer-ceiling.ts", [services.smtpUrl, file, o.ceilingMessages, connections], baseEnv, services));
    };
    const presample = await writeUnsentSampleMessage(db, config, path.join(o.dataDir, "baseline.eml"));
    if (!o.skipBaselines) await ceiling(presample.file);
    log(`running the slot: ${o.workers} workers × ${config.smtpPoolSize} connections, batch ${config.batchSize}, concurrency ${config.workerConcurrency}…`);
    const pipeline = await runPipeline({ services, pool, readers: o.readers, workers: o.workers, env, cpuProfileDir: profileDir, logPrefix: path.join(o.dataDir, "worker-"), nodeFlags: o.workerNodeFlags });
    log(`pipeline: ${pipeline.emailsPerSecond.toFixed(0)} emails/s, last email at ${pipeline.lastEmailS.toFixed(1)} s`);
    if (dump) {
      await checkRecipients(dump, pool, o.readers);
      rmSync(dump, { force: true });
    }

    const sample = await writeSampleMessage(db, pool, config, path.join(o.dataDir, "sample.eml"));
    const baselines: PipelineReport["baselines"] = {};
    if (!o.skipBaselines) {
      await ceiling(presample.file);
      baselines.nodemailer = averageBaselines(ceilings);
      log(`baseline naive (${o.naive} readers)…`);
      baselines.naive = await runNodeBaseline("naive (MJML + compose + insert per reader)", "naive.ts", [o.naive, connections], baseEnv, services);
      log("baseline machine ceiling (pipelining writer)…");
      baselines.pipelining = await runNodeBaseline("machine ceiling: pipelining net.Socket", "pipelining-client.ts", ["127.0.0.1", o.ports.sink, presample.file, o.ceilingMessages, connections], baseEnv, services);
      log("baseline smtp-source…");
      baselines.smtpSource = await runSmtpSource(presample.lfFile, o.ceilingMessages, connections, services);
    }
    const report: PipelineReport = {
      at: new Date().toISOString(),
      machine: `${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      setup: {
        readers: o.readers, profiles: profiles.length, workers: o.workers, connections, batchSize: config.batchSize,
        workerConcurrency: config.workerConcurrency, smtpPoolSize: config.smtpPoolSize, candidates: papers.candidates,
      },
      pipeline,
      sample,
      baselineMessageBytes: presample.bytes,
      baselines,
    };
    console.log(`\n${formatPipelineReport(report)}`);
    if (profileDir) console.log(`\n${await summariseCpuProfiles(profileDir)}`);
    const resultsDir = path.join(o.dataDir, "results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, `${report.at.replace(/[:.]/g, "-")}.json`), JSON.stringify(report, null, 2));
    return report;
  } finally {
    await pool.end();
    await db.$disconnect();
    await services.stop({ keepDatabases: o.keepServices });
  }
}

// Seeding uses connections of its own, closed before the run: a backend reports its table
// statistics when it exits, so the run's "rows written" count only the run's own writes.
async function seed(databaseUrl: string, o: PipelineOptions) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const papers = await seedPapers(pool, db, { perDay: o.papersPerDay, windowDays: 7, seed: o.seed });
    const abstracts = (await pool.query<{ abstract: string }>("SELECT abstract FROM papers")).rows.map((r) => r.abstract);
    const profiles = buildTopicProfiles(abstracts, o.profiles, o.seed);
    const seconds = await seedReaders(pool, o.readers, profiles);
    if (process.env.BENCH_FILLFACTOR) await pool.query(`ALTER TABLE deliveries SET (fillfactor = ${Number(process.env.BENCH_FILLFACTOR)})`);
    await pool.query("VACUUM ANALYZE");
    log(`${papers.samplePapers} sample + ${papers.generated} generated papers (${papers.candidates} in the window ending ${papers.anchorDay}); ${o.readers} readers over ${profiles.length} profiles inserted in ${seconds.toFixed(1)} s`);
    return { papers, profiles };
  } finally {
    await pool.end();
    await db.$disconnect();
  }
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
