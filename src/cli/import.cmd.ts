import { stat } from "node:fs/promises";
import path from "node:path";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadConfig, type AppConfig } from "../config/env.ts";
import { createDb, type Db } from "../db/client.ts";
import { systemClock } from "../lib/clock.ts";
import { InvalidInputError } from "../lib/errors.ts";
import { createArxivSource } from "../papers/arxiv-feed.io.ts";
import { createHfDailyPapersSource } from "../papers/hf-daily-papers.io.ts";
import { runImport, sumImportCounts, type ImportResult } from "../papers/import-papers.ts";
import type { ImportCounts } from "../papers/import-run.repo.ts";
import type { PaperSource } from "../papers/incoming-paper.ts";
import { loadPaperCount } from "../papers/paper-store.repo.ts";
import { loadSeedPageSources, SEED_PAGES_DIR } from "../papers/seed-pages.io.ts";
import { createLogger, type Logger } from "../telemetry/logger.ts";

// Past this many, a run's failures are left to its import_runs row.
const MAX_LISTED = 20;

type Context = { config: AppConfig; db: Db; log: Logger };

/** `paperwire import seeds|hf|arxiv`: idempotent paper imports, one recorded run per page, day or query. */
export function importCommand(): Command {
  const command = new Command("import").description(
    "import papers (re-running updates what changed and never duplicates; every run is recorded in import_runs)",
  );
  command
    .command("seeds")
    .description("import captured Daily Papers pages (*.txt): the sample data of a local run")
    .option("--dir <path>", "directory of the captured pages", SEED_PAGES_DIR)
    .addOption(new Option("--reference-date <YYYY-MM-DD>", "pages carry no year: each date becomes its latest occurrence on or before this day (default: today)").argParser(parseDay))
    .action(async (options: { dir: string; referenceDate?: string }) => {
      const reference = options.referenceDate ? new Date(`${options.referenceDate}T00:00:00Z`) : systemClock.now();
      const dir = path.resolve(options.dir);
      if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new InvalidInputError(`No such directory: ${dir}`);
      await withContext((ctx) => importAll(ctx, loadSeedPageSources(dir, reference)));
    });
  command
    .command("hf")
    .description("import Hugging Face daily papers (trending order becomes each day's rank)")
    .addOption(new Option("--date <YYYY-MM-DD>", "the (last) day to import").argParser(parseDay).makeOptionMandatory())
    .addOption(new Option("--days <n>", "import this many days ending with --date, oldest first").argParser(parseCount(1, 366)).default(1))
    .action(async (options: { date: string; days: number }) => {
      await withContext((ctx) => {
        const days = Array.from({ length: options.days }, (_, i) => shiftDay(options.date, i - options.days + 1));
        const sources = days.map((day) => createHfDailyPapersSource({ baseUrl: ctx.config.hfApiUrl, day, timeoutMs: ctx.config.httpTimeoutMs }));
        return importAll(ctx, Promise.resolve(sources));
      });
    });
  command
    .command("arxiv")
    .description("import the newest submissions of an arXiv category (papers only: arXiv has no trending order)")
    .addOption(new Option("--category <name>", "arXiv category such as cs.LG or math.OC").argParser(parseCategory).makeOptionMandatory())
    .addOption(new Option("--max <n>", "how many of the newest entries to fetch").argParser(parseCount(1, 2000)).default(100))
    .action(async (options: { category: string; max: number }) => {
      await withContext((ctx) => {
        const source = createArxivSource({ baseUrl: ctx.config.arxivApiUrl, category: options.category, max: options.max, timeoutMs: ctx.config.httpTimeoutMs });
        return importAll(ctx, Promise.resolve([source]));
      });
    });
  return command;
}

async function withContext(work: (ctx: Context) => Promise<void>): Promise<void> {
  const config = loadConfig(process.env);
  const db = createDb(config.databaseUrl);
  // Log lines go to stderr so the summary on stdout stays readable.
  const log = createLogger({ level: config.logLevel, name: "paperwire-import", destination: process.stderr });
  try {
    await work({ config, db, log });
  } finally {
    await db.$disconnect();
  }
}

async function importAll(ctx: Context, sources: Promise<PaperSource[]>): Promise<void> {
  const results: ImportResult[] = [];
  for (const source of await sources) {
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: `${source.kind} ${source.target} [{bar}] {value}/{total}`, stream: process.stdout, clearOnComplete: true, hideCursor: true })
      : null;
    const result = await runImport({
      ...ctx,
      source,
      onProgress: (stored, total) => (stored === 0 ? bar?.start(total, 0) : bar?.update(stored)),
    });
    bar?.stop();
    printResult(result);
    results.push(result);
  }
  const failedRuns = results.filter((r) => r.status === "failed").length;
  console.log(`Total: ${formatCounts(sumImportCounts(results))} (${results.length} run(s), ${failedRuns} failed)`);
  console.log(`Papers in the database: ${await loadPaperCount(ctx.db)}`);
  if (failedRuns > 0) process.exitCode = 1;
}

function printResult(result: ImportResult): void {
  const head = `${result.source} ${result.target} (run ${result.runId})`;
  const hasCounts = Object.values(result.counts).some((n) => n > 0);
  if (result.status === "succeeded") console.log(`${head}: ${formatCounts(result.counts)}`);
  else console.log(`${head}: FAILED: ${result.error}${hasCounts ? `\n  before failing: ${formatCounts(result.counts)}` : ""}`);
  const listed = [...result.failures.map((f) => ({ ...f, label: "failed " })), ...result.skipped.map((f) => ({ ...f, label: "skipped" }))];
  for (const entry of listed.slice(0, MAX_LISTED)) console.log(`  ${entry.label} ${entry.item}: ${entry.reason}`);
  if (listed.length > MAX_LISTED) console.log(`  … and ${listed.length - MAX_LISTED} more in import_runs row ${result.runId}`);
}

function formatCounts(counts: ImportCounts): string {
  return `${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped, ${counts.failed} failed`;
}

function parseDay(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError("expected a date as YYYY-MM-DD");
  }
  return value;
}

function parseCount(min: number, max: number) {
  return (value: string): number => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < min || count > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return count;
  };
}

function parseCategory(value: string): string {
  if (!/^[a-z-]+(\.[A-Za-z-]+)?$/.test(value)) throw new InvalidArgumentError("expected an arXiv category such as cs.LG");
  return value;
}

function shiftDay(day: string, offset: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}
