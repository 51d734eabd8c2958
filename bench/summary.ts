import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pipelineCpuMsPerEmail, type PipelineReport } from "./report.ts";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The median of each headline figure over the newest `count` pipeline reports in `dir` (the
 * issue's targets are judged on the median of three runs), with every run's value beside it.
 */
export function summariseReports(dir: string, count: number): string {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !f.startsWith("selection")).sort().slice(-count);
  const reports = files.map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as PipelineReport);
  const rows: [string, (r: PipelineReport) => number, number][] = [
    ["emails/s (pipeline)", (r) => r.pipeline.emailsPerSecond, 0],
    ["emails/s (Nodemailer ceiling)", (r) => r.baselines.nodemailer?.emailsPerSecond ?? NaN, 0],
    ["pipeline ÷ Nodemailer ceiling", (r) => r.pipeline.emailsPerSecond / (r.baselines.nodemailer?.emailsPerSecond ?? NaN), 2],
    ["emails/s (naive)", (r) => r.baselines.naive?.emailsPerSecond ?? NaN, 1],
    ["pipeline ÷ naive", (r) => r.pipeline.emailsPerSecond / (r.baselines.naive?.emailsPerSecond ?? NaN), 1],
    ["CPU ms/email (workers+Postgres+Redis)", (r) => pipelineCpuMsPerEmail(r.pipeline), 3],
    ["CPU ms/email (Nodemailer ceiling)", (r) => r.baselines.nodemailer?.senderCpuMs ?? NaN, 3],
    ["CPU ratio", (r) => pipelineCpuMsPerEmail(r.pipeline) / (r.baselines.nodemailer?.senderCpuMs ?? NaN), 2],
    ["first email (s)", (r) => r.pipeline.firstEmailS, 2],
    ["last email (s)", (r) => r.pipeline.lastEmailS, 1],
    ["plan job (s)", (r) => r.pipeline.planJobSeconds, 2],
    ["batch p50 (s)", (r) => r.pipeline.ledger.batchSeconds.p50, 2],
    ["batch p99 (s)", (r) => r.pipeline.ledger.batchSeconds.p99, 2],
    ["worker peak memory (MB)", (r) => Math.max(...Object.entries(r.pipeline.peakMemoryMb).filter(([k]) => k.startsWith("worker")).map(([, v]) => v)), 0],
    ["email size (KB)", (r) => r.sample.bytes / 1024, 1],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Median of ${reports.length} runs (${files.join(", ")})`,
    ...rows.map(([label, f, digits]) => {
      const values = reports.map(f);
      return `  ${label.padEnd(width)}  ${median(values).toFixed(digits).padStart(9)}   (${values.map((v) => v.toFixed(digits)).join(" / ")})`;
    }),
  ].join("\n");
}
