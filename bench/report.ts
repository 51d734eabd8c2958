import type { PipelineResult } from "./pipeline-run.ts";
import type { BaselineResult } from "./baselines/run-baseline.ts";
import type { SampleMessage } from "./sample-message.ts";

export type PipelineReport = {
  at: string;
  machine: string;
  setup: Record<string, number | string>;
  pipeline: PipelineResult;
  sample: SampleMessage;
  /** The message every baseline re-sends (the preview path's, before the run). */
  baselineMessageBytes: number;
  baselines: Partial<Record<"naive" | "nodemailer" | "pipelining" | "smtpSource", BaselineResult>>;
};

const n = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** CPU per email of ours (workers) + Postgres + Redis, in ms. */
export function pipelineCpuMsPerEmail(p: PipelineResult): number {
  return ((p.cpu.workers.reduce((a, b) => a + b, 0) + p.cpu.postgres + p.cpu.redis) / p.readers) * 1000;
}

/** Plain-text tables for the terminal, with each baseline's ratio and the issue's targets. */
export function formatPipelineReport(r: PipelineReport): string {
  const p = r.pipeline;
  const cpuPerEmail = pipelineCpuMsPerEmail(p);
  const lines = [
    `paperwire bench · ${r.at} · ${r.machine}`,
    `setup: ${Object.entries(r.setup).map(([k, v]) => `${k}=${typeof v === "number" ? n(v) : v}`).join(" ")}`,
    "",
    "Pipeline, end to end (plan job enqueued → last message at the sink)",
    `  emails/s            ${n(p.emailsPerSecond)}   (${n(p.readers)} emails in ${n(p.lastEmailS, 1)} s; slot done at ${n(p.doneS, 1)} s)`,
    `  first / last email  ${n(p.firstEmailS, 2)} s / ${n(p.lastEmailS, 1)} s`,
    `  plan job            ${n(p.planJobSeconds, 2)} s (edition + ledger ${n(p.planLedgerSeconds, 2)} s, then enqueueing) for ${n(p.ledger.deliveries)} deliveries in ${n(p.ledger.batches)} batches`,
    `  batch p50 / p99     ${n(p.ledger.batchSeconds.p50, 2)} s / ${n(p.ledger.batchSeconds.p99, 2)} s (max ${n(p.ledger.batchSeconds.max, 2)} s, ${n(p.ledger.batchAttempts)} claims)`,
    `  content groups      ${n(p.ledger.contentGroups)}`,
    `  email size          ${n(r.sample.bytes / 1024, 1)} KB message (${r.sample.papers} papers); ${n(p.wireBytesPerEmail / 1024, 1)} KB per email on the wire (sink's reads, SMTP included)`,
    `  CPU seconds         ${p.cpu.workers.map((c, i) => `worker ${i + 1} ${n(c, 1)}`).join(", ")}, postgres ${n(p.cpu.postgres, 1)}, redis ${n(p.cpu.redis, 1)}, smtp-sink ${n(p.cpu.sink, 1)}`,
    `  CPU per email       ${n(cpuPerEmail, 3)} ms (workers + Postgres + Redis)`,
    `  peak memory (MB)    ${Object.entries(p.peakMemoryMb).map(([k, v]) => `${k} ${n(v)}`).join(", ")} (workers at start: ${p.readyMemoryMb.map((v) => n(v)).join(", ")})`,
    `  rows written        ${Object.entries(p.writes.byTable).map(([t, w]) => `${t} +${n(w.inserted)} ins, ${n(w.updated)} upd (${n(w.hotUpdated)} HOT)`).join("; ")}; WAL ${n(p.writes.walBytes / 1048576, 1)} MB`,
    `  ledger              ${JSON.stringify(p.ledger.byStatus)}, ${n(p.ledger.deliveryAttempts)} send attempts; exactly once: sink count = ledger = readers ✔`,
    "",
    `Baselines (same run, same sink, a ${n(r.baselineMessageBytes / 1024, 1)} KB message)  emails/s   pipeline ÷ it   sender CPU/email   +Postgres+Redis`,
  ];
  for (const b of Object.values(r.baselines)) {
    if (!b) continue;
    lines.push(`  ${b.name.padEnd(38)} ${n(b.emailsPerSecond).padStart(8)}   ${(n(p.emailsPerSecond / b.emailsPerSecond, 2) + "×").padStart(13)}   ${(n(b.senderCpuMs, 3) + " ms").padStart(16)}   ${(n(b.totalCpuMs, 3) + " ms").padStart(15)}`);
  }
  lines.push("", "Targets");
  const { naive, nodemailer } = r.baselines;
  const mark = (ok: boolean) => (ok ? "met   " : "MISSED");
  if (nodemailer) {
    const ratio = p.emailsPerSecond / nodemailer.emailsPerSecond;
    lines.push(`  ${mark(ratio >= 0.8)} throughput ≥ 80% of the Nodemailer ceiling: ${n(ratio * 100)}%`);
    const cpuRatio = cpuPerEmail / nodemailer.senderCpuMs;
    lines.push(`  ${mark(cpuRatio <= 1.5)} CPU/email ≤ 1.5× Nodemailer's: ${n(cpuRatio, 2)}× (${n(cpuPerEmail, 3)} vs ${n(nodemailer.senderCpuMs, 3)} ms)`);
  }
  if (naive) {
    const ratio = p.emailsPerSecond / naive.emailsPerSecond;
    lines.push(`  ${mark(ratio >= 20)} throughput ≥ 20× naive: ${n(ratio, 1)}×`);
  }
  lines.push(`  ${mark(r.sample.bytes <= 60 * 1024)} 10-paper email ≤ 60 KB: ${n(r.sample.bytes / 1024, 1)} KB`);
  lines.push(`  ${mark(p.planJobSeconds < 10)} planning < 10 s: ${n(p.planJobSeconds, 2)} s`);
  const worst = Math.max(...Object.entries(p.peakMemoryMb).filter(([k]) => k.startsWith("worker")).map(([, v]) => v));
  lines.push(`  ${mark(worst < 300)} worker memory < 300 MB: ${n(worst)} MB`);
  return lines.join("\n");
}
