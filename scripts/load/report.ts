import { cpus, totalmem } from "node:os";
import type { LoadOutcome } from "./scenario.ts";

/** The machine a run measured, as docs/load-test.md quotes it. */
export function describeMachine(): string {
  const cores = cpus();
  return `${cores.length} cores (${cores[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${process.platform}`;
}

/** A Markdown table of one run: throughput, p50/p99 latency and every status and error per endpoint. */
export function formatLoadReport(outcome: LoadOutcome, options: { rate: number; durationSeconds: number; connections: number }): string {
  const rows = outcome.endpoints.map((e) => {
    const statuses = Object.entries(e.statuses).map(([code, n]) => `${code}: ${n}`).join(", ") || "none";
    const failed = Object.entries(e.statuses).filter(([code]) => Number(code) >= 400).reduce((sum, [, n]) => sum + n, 0);
    return `| ${e.name} | ${e.responses} | ${e.throughput.toFixed(1)} | ${e.p50Ms} | ${e.p99Ms} | ${statuses} | ${failed} | ${e.errors} |`;
  });
  return [
    `Target ${options.rate} req/s per endpoint for ${options.durationSeconds} s, ${options.connections} connections per endpoint.`,
    "",
    "| endpoint | responses | responses/s | p50 ms | p99 ms | statuses | 4xx/5xx | connection errors |",
    "|---|---:|---:|---:|---:|---|---:|---:|",
    ...rows,
  ].join("\n");
}
