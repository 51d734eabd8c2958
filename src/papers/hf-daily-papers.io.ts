import { fetchText, type HttpOptions } from "./fetch-text.io.ts";
import { buildHfBatch } from "./hf-daily-papers.ts";
import type { PaperSource } from "./incoming-paper.ts";

/** The papers HF listed as trending on `day` (YYYY-MM-DD), from `{baseUrl}/api/daily_papers`. */
export function createHfDailyPapersSource(options: HttpOptions & { baseUrl: string; day: string }): PaperSource {
  const url = `${options.baseUrl}/api/daily_papers?${new URLSearchParams({ date: options.day })}`;
  return {
    kind: "huggingface",
    target: options.day,
    async load({ log }) {
      const body = await fetchText(url, { timeoutMs: options.timeoutMs, retry: options.retry, accept: "application/json", log });
      return buildHfBatch(body, options.day);
    },
  };
}
