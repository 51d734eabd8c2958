import { buildArxivBatch } from "./arxiv-feed.ts";
import { fetchText, type HttpOptions } from "./fetch-text.io.ts";
import type { PaperSource } from "./incoming-paper.ts";

/** The newest `max` submissions in an arXiv category (cs.LG), from `{baseUrl}/api/query`. */
export function createArxivSource(options: HttpOptions & { baseUrl: string; category: string; max: number }): PaperSource {
  const query = new URLSearchParams({
    search_query: `cat:${options.category}`,
    sortBy: "submittedDate",
    sortOrder: "descending",
    start: "0",
    max_results: String(options.max),
  });
  return {
    kind: "arxiv",
    target: `cat:${options.category} max=${options.max}`,
    async load({ log }) {
      const url = `${options.baseUrl}/api/query?${query}`;
      const body = await fetchText(url, { timeoutMs: options.timeoutMs, retry: options.retry, accept: "application/atom+xml", log });
      return buildArxivBatch(body);
    },
  };
}
