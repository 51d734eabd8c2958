import { chunk } from "../lib/chunk.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../telemetry/logger.ts";
import type { ImportFailure, IncomingPaper, PaperSource, PaperSourceKind } from "./incoming-paper.ts";
import { insertImportRun, recordImportRunFinished, type ImportCounts } from "./import-run.repo.ts";
import { recordPapers } from "./paper-store.repo.ts";
import { buildTitleKey } from "./title-key.ts";

/** The outcome of one import run, as recorded in import_runs. */
export type ImportResult = {
  runId: number;
  source: PaperSourceKind;
  target: string;
  status: "succeeded" | "failed";
  counts: ImportCounts;
  failures: ImportFailure[];
  skipped: ImportFailure[];
  error: string | null;
};

// A few hundred papers with abstracts make a payload of about a megabyte: one round trip each.
const CHUNK_SIZE = 500;

/**
 * Runs one source as one recorded import run: loads it, stores its papers in chunks and closes
 * the run. A bad record is counted and listed; a source that cannot be read at all (or a store
 * that fails midway) closes the run as failed with the error, and is returned, not thrown.
 */
export async function runImport(input: {
  db: Db;
  log: Logger;
  source: PaperSource;
  onProgress?: (stored: number, total: number) => void;
}): Promise<ImportResult> {
  const { db, source } = input;
  const runId = await insertImportRun(db, { source: source.kind, target: source.target });
  const log = input.log.child({ importRunId: runId, source: source.kind, target: source.target });
  const counts: ImportCounts = { new: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  let failures: ImportFailure[] = [];
  let skipped: ImportFailure[] = [];
  let error: string | null = null;
  try {
    const batch = await source.load({ log });
    const { unique, duplicates } = splitDuplicates(batch.papers);
    failures = batch.failures;
    skipped = [...batch.skipped, ...duplicates];
    counts.failed = failures.length;
    counts.skipped = skipped.length;
    input.onProgress?.(0, unique.length);
    for (const part of chunk(unique, CHUNK_SIZE)) {
      const outcomes = await recordPapers(db, { source: source.kind, importRunId: runId, papers: part });
      for (const outcome of outcomes) counts[outcome]++;
      input.onProgress?.(counts.new + counts.updated + counts.unchanged, unique.length);
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
    log.error({ event: "papers.import.failed", err: caught, ...counts }, `import of ${source.kind} ${source.target} failed`);
  }
  const status = error === null ? "succeeded" : "failed";
  await recordImportRunFinished(db, runId, { status, counts, failures: [...failures, ...skipped], error });
  if (status === "succeeded") log.info({ event: "papers.import.succeeded", ...counts }, `imported ${source.kind} ${source.target}`);
  return { runId, source: source.kind, target: source.target, status, counts, failures, skipped, error };
}

/** Adds up the counts of several runs. */
export function sumImportCounts(results: readonly ImportResult[]): ImportCounts {
  const total: ImportCounts = { new: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const { counts } of results) for (const key of Object.keys(total) as (keyof ImportCounts)[]) total[key] += counts[key];
  return total;
}

// One statement cannot touch a paper twice, and a page or feed that lists a paper twice means
// the first (best-ranked) listing.
function splitDuplicates(papers: IncomingPaper[]): { unique: IncomingPaper[]; duplicates: ImportFailure[] } {
  const seen = new Map<string, IncomingPaper>();
  const duplicates: ImportFailure[] = [];
  for (const paper of papers) {
    const key = paper.arxivId ?? `title:${buildTitleKey(paper.title)}`;
    const first = seen.get(key);
    if (!first) seen.set(key, paper);
    else duplicates.push({ item: paper.arxivId ?? paper.title.slice(0, 120), reason: `listed again${paper.trend ? ` at rank ${paper.trend.rank}` : ""}; the first listing was kept` });
  }
  return { unique: [...seen.values()], duplicates };
}
