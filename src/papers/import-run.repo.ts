import type { Db } from "../db/client.ts";
import type { ImportFailure, PaperSourceKind } from "./incoming-paper.ts";

/** Per-record tallies of one run: `skipped` records were left out on purpose (withdrawn, listed twice). */
export type ImportCounts = { new: number; updated: number; unchanged: number; skipped: number; failed: number };

/** Opens an import run in status `running` and returns its id. */
export async function insertImportRun(db: Db, run: { source: PaperSourceKind; target: string }): Promise<number> {
  const created = await db.importRun.create({ data: run, select: { id: true } });
  return created.id;
}

/**
 * Closes a run with its outcome. `failures` keeps every record left out, failed and skipped
 * alike, as [{ item, reason }]; failed_count counts only the failed ones (the table has no
 * skipped count).
 */
export async function recordImportRunFinished(
  db: Db,
  id: number,
  outcome: { status: "succeeded" | "failed"; counts: ImportCounts; failures: ImportFailure[]; error: string | null },
): Promise<void> {
  await db.importRun.update({
    where: { id },
    data: {
      status: outcome.status,
      finishedAt: new Date(),
      newCount: outcome.counts.new,
      updatedCount: outcome.counts.updated,
      unchangedCount: outcome.counts.unchanged,
      failedCount: outcome.counts.failed,
      failures: outcome.failures,
      error: outcome.error,
    },
  });
}
