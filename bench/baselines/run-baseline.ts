import { spawn } from "node:child_process";
import path from "node:path";
import type { BenchServices } from "../services.ts";
import { readCpuSeconds, readTreeCpuSeconds } from "../proc-stats.ts";
import { SMTP_SOURCE } from "../smtp-sink.ts";
import { TIMED_START } from "./timed-start.ts";

export type BaselineResult = {
  name: string;
  messages: number;
  seconds: number;
  emailsPerSecond: number;
  /** CPU per email of the sending process alone, and of sender + Postgres + Redis. */
  senderCpuMs: number;
  totalCpuMs: number;
  cpu: { sender: number; postgres: number; redis: number; sink: number };
  /** For a mean: each run's figures. */
  runs?: { emailsPerSecond: number; senderCpuMs: number }[];
};

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Runs one baseline script in a process of its own (so its CPU is its own) and measures
 * Postgres, Redis and the sink around its timed part. The script prints one JSON line with
 * { messages, seconds, cpuSeconds, warmup? }; the sink must have received exactly that many.
 */
export async function runNodeBaseline(name: string, script: string, args: (string | number)[], env: Record<string, string>, services: BenchServices): Promise<BaselineResult> {
  const sinkBefore = services.sink.count();
  let around = measureAround(services);
  // The script says when its timed part starts: setting up (e.g. the naive run's selection) is not measured.
  const onLine = (line: string) => {
    if (line === TIMED_START) around = measureAround(services);
  };
  const output = await runToEnd(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/baselines", script), ...args.map(String)], env, onLine);
  const line = output.trim().split("\n").at(-1) ?? "";
  const result = JSON.parse(line) as { messages: number; seconds: number; cpuSeconds: number; warmup?: number };
  await services.sink.waitFor(sinkBefore + result.messages + (result.warmup ?? 0), 30_000);
  const cpu = around.stop();
  return summarise(name, result.messages, result.seconds, { sender: result.cpuSeconds, ...cpu });
}

/**
 * postfix's smtp-source (C, no pipelining) re-sending the same message over `connections`
 * persistent sessions. Its CPU is read from the wrapping shell's reaped-children times.
 */
export async function runSmtpSource(file: string, count: number, connections: number, services: BenchServices): Promise<BaselineResult> {
  const sinkBefore = services.sink.count();
  const around = measureAround(services);
  const started = performance.now();
  const script = `${SMTP_SOURCE} -d -s ${connections} -m ${count} -f digest@paperwire.example -t copy@baseline.example -F '${file}' 127.0.0.1:${services.sink.port} && cat /proc/$$/stat`;
  const output = await runToEnd("/bin/sh", ["-c", script], {});
  await services.sink.waitFor(sinkBefore + count, 30_000);
  const seconds = (performance.now() - started) / 1000;
  const fields = output.slice(output.lastIndexOf(")") + 2).trim().split(" ");
  const sender = (Number(fields[13]) + Number(fields[14])) / 100;
  return summarise("smtp-source (postfix, C, no pipelining)", count, seconds, { sender, ...around.stop() });
}

/** The mean of several runs of one baseline (time and CPU summed, so rates and per-email costs average by weight). */
export function averageBaselines(runs: BaselineResult[]): BaselineResult {
  const sum = (f: (r: BaselineResult) => number) => runs.reduce((total, r) => total + f(r), 0);
  const cpu = { sender: sum((r) => r.cpu.sender), postgres: sum((r) => r.cpu.postgres), redis: sum((r) => r.cpu.redis), sink: sum((r) => r.cpu.sink) };
  const result = summarise(`${runs[0]!.name}, mean of ${runs.length}`, sum((r) => r.messages), sum((r) => r.seconds), cpu);
  return { ...result, runs: runs.map((r) => ({ emailsPerSecond: r.emailsPerSecond, senderCpuMs: r.senderCpuMs })) };
}

function measureAround(services: BenchServices) {
  const before = { postgres: readTreeCpuSeconds(services.postgresPid()), redis: readCpuSeconds(services.redisPid()), sink: readCpuSeconds(services.sink.pid) };
  return {
    stop: () => ({
      postgres: readTreeCpuSeconds(services.postgresPid()) - before.postgres,
      redis: readCpuSeconds(services.redisPid()) - before.redis,
      sink: readCpuSeconds(services.sink.pid) - before.sink,
    }),
  };
}

function summarise(name: string, messages: number, seconds: number, cpu: BaselineResult["cpu"]): BaselineResult {
  return {
    name,
    messages,
    seconds,
    emailsPerSecond: messages / seconds,
    senderCpuMs: (cpu.sender / messages) * 1000,
    totalCpuMs: ((cpu.sender + cpu.postgres + cpu.redis) / messages) * 1000,
    cpu,
  };
}

function runToEnd(command: string, args: string[], env: Record<string, string>, onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      const text = d.toString();
      if (onLine) for (const line of text.split("\n")) onLine(line.trim());
      stdout += text;
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(args[2] ?? command)} exited with ${code}:\n${stderr.slice(-4000)}`))));
  });
}
