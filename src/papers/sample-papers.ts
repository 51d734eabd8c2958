import type { Db } from "../db/client.ts";
import type { Logger } from "../telemetry/logger.ts";
import { runImport, sumImportCounts, type ImportResult } from "./import-papers.ts";
import type { ImportCounts } from "./import-run.repo.ts";
import { loadPaperCount } from "./paper-store.repo.ts";
import { loadSeedPageSources, SEED_PAGES_DIR } from "./seed-pages.io.ts";

/** What loading the sample papers did: one run per seed page, their sum, and the papers now stored. */
export type SamplePapersResult = { runs: ImportResult[]; totals: ImportCounts; paperCount: number };

/**
 * Imports every bundled seed page (prisma/seed/pages), one import run each, resolving their
 * yearless dates against `now`. Idempotent: a second call adds and changes nothing. A page that
 * fails is recorded as a failed run and reported in `runs`, not thrown.
 */
export async function loadSamplePapers(input: { db: Db; log: Logger; now: Date }): Promise<SamplePapersResult> {
  const sources = await loadSeedPageSources(SEED_PAGES_DIR, input.now);
  const runs: ImportResult[] = [];
  for (const source of sources) runs.push(await runImport({ db: input.db, log: input.log, source }));
  return { runs, totals: sumImportCounts(runs), paperCount: await loadPaperCount(input.db) };
}
