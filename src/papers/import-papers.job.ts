import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../telemetry/logger.ts";
import { importPapersPayloadSchema } from "../queue/jobs.ts";
import { createArxivSource } from "./arxiv-feed.io.ts";
import { createHfDailyPapersSource } from "./hf-daily-papers.io.ts";
import { runImport, type ImportResult } from "./import-papers.ts";

export type ImportPapersDeps = { db: Db; log: Logger; config: AppConfig };

/**
 * A scheduled import of one source and target, recorded as an import run. A source that is down
 * ends as a failed run, not a failed job: the next firing tries again, and sending never waits
 * for an import.
 */
export async function handleImportPapers(payload: unknown, deps: ImportPapersDeps): Promise<ImportResult> {
  const { source, target } = importPapersPayloadSchema.parse(payload);
  const http = { timeoutMs: deps.config.httpTimeoutMs };
  const paperSource = source === "huggingface"
    ? createHfDailyPapersSource({ ...http, baseUrl: deps.config.hfApiUrl, day: target })
    : createArxivSource({ ...http, baseUrl: deps.config.arxivApiUrl, category: target, max: 200 });
  return runImport({ db: deps.db, log: deps.log, source: paperSource });
}
