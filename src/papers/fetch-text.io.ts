import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../telemetry/logger.ts";
import { SourceError } from "./source-error.ts";

/** How often a failing GET is tried in all, and the first pause between tries (doubled each time). */
type RetryPolicy = { attempts: number; baseDelayMs: number };

/** Per-request timeout and retry policy of an importer's HTTP calls. */
export type HttpOptions = { timeoutMs: number; retry?: RetryPolicy };

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000 };

/**
 * GETs `url` and returns the body. Each try has its own timeout; timeouts, network errors, 5xx
 * and 429 are retried with exponential backoff up to `retry.attempts` tries in all. Any other
 * status, or the last failed try, throws SourceError(SOURCE_UNAVAILABLE).
 */
export async function fetchText(url: string, options: HttpOptions & { accept: string; log: Logger }): Promise<string> {
  const { attempts, baseDelayMs } = options.retry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let cause: unknown;
    try {
      const response = await fetch(url, {
        headers: { accept: options.accept, "user-agent": "paperwire" },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.ok) return await response.text();
      await response.body?.cancel();
      if (!isRetryable(response.status)) throw new SourceError("SOURCE_UNAVAILABLE", `GET ${url} answered HTTP ${response.status}`);
      problem = `HTTP ${response.status}`;
    } catch (error) {
      if (error instanceof SourceError) throw error;
      problem = describeFetchError(error, options.timeoutMs);
      cause = error;
    }
    if (attempt >= attempts) {
      throw new SourceError("SOURCE_UNAVAILABLE", `GET ${url} failed after ${attempts} attempt(s): ${problem}`, cause);
    }
    const delayMs = baseDelayMs * 2 ** (attempt - 1);
    options.log.warn({ event: "papers.fetch.retried", attempt, delayMs, problem }, `fetch failed (${problem}); retrying`);
    await delay(delayMs);
  }
}

// 429 and 5xx say "not now"; any other 4xx will answer the same however often it is asked.
function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message;
}
