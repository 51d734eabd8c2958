// `npm run bench -- [options]`: the benchmarks (docs/benchmarks.md). Each scenario starts its
// own Postgres, Redis and smtp-sink on ports of its own, under --data-dir, and stops them after.
import os from "node:os";
import path from "node:path";
import { Command, Option } from "commander";
import { runPipelineScenario } from "./pipeline-scenario.ts";
import { runSelectionScenario } from "./selection-scenario.ts";
import { summariseReports } from "./summary.ts";

const int = (value: string) => {
  const parsed = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`not a count: ${value}`);
  return parsed;
};
const collectEnv = (value: string, previous: Record<string, string>) => {
  const at = value.indexOf("=");
  if (at < 1) throw new Error(`--env wants KEY=VALUE, got ${value}`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

const program = new Command("bench")
  .addOption(new Option("--scenario <name>", "pipeline: one slot end to end with baselines; selection: planning over a million papers").choices(["pipeline", "selection"]).default("pipeline"))
  .option("--readers <n>", "active readers, all due in the slot", int, 100_000)
  .option("--profiles <n>", "distinct topic profiles (selection default: 10,000)", int)
  .option("--papers <n>", "selection: papers in the database", int, 1_000_000)
  .option("--workers <n>", "worker processes (one per core)", int, os.availableParallelism())
  .option("--papers-per-day <n>", "pipeline: generated trending papers per day of the window", int, 50)
  .option("--naive <n>", "readers in the naive baseline's sample", int, 2_000)
  .option("--ceiling-messages <n>", "messages each ceiling baseline sends", int, 20_000)
  .option("--skip-baselines", "run only the pipeline", false)
  .option("--cpu-prof", "profile the worker processes (node --cpu-prof) and summarise where the time goes", false)
  .option("--check-recipients", "dump the sink and check every reader got exactly one email (slow: smoke runs)", false)
  .option("--env <KEY=VALUE>", "environment for the workers (BATCH_SIZE, SMTP_POOL_SIZE, WORKER_CONCURRENCY…); repeatable", collectEnv, {})
  .option("--worker-node-flags <flags>", "extra node flags for the workers (e.g. \"--trace-gc\")", (v: string) => v.split(/\s+/).filter(Boolean), [] as string[])
  .option("--data-dir <dir>", "where the bench's services keep their data", ".data/bench")
  .option("--pg-port <port>", "the bench's Postgres", int, 54349)
  .option("--redis-port <port>", "the bench's Redis", int, 63819)
  .option("--sink-port <port>", "the bench's smtp-sink", int, 2525)
  .option("--reuse", "selection: keep the generated million papers from an earlier run when they match", false)
  .option("--keep-services", "leave Postgres and Redis running afterwards", false)
  .option("--seed <n>", "seed of the generated data", int, 42)
  .option("--summarize <n>", "print the median of the newest n pipeline reports under --data-dir and exit", int);

program.parse();
const o = program.opts<{
  scenario: "pipeline" | "selection"; readers: number; profiles?: number; papers: number; workers: number; papersPerDay: number;
  naive: number; ceilingMessages: number; skipBaselines: boolean; cpuProf: boolean; checkRecipients: boolean; env: Record<string, string>; workerNodeFlags: string[];
  dataDir: string; pgPort: number; redisPort: number; sinkPort: number; reuse: boolean; keepServices: boolean; seed: number; summarize?: number;
}>();
const ports = { postgres: o.pgPort, redis: o.redisPort, sink: o.sinkPort };
const dataDir = path.resolve(o.dataDir);

// Ctrl-C: exit through process.exit so the sink and workers are stopped by their exit hooks.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

try {
  if (o.summarize) {
    console.log(summariseReports(path.join(dataDir, "results"), o.summarize));
  } else if (o.scenario === "pipeline") {
    await runPipelineScenario({ ...o, profiles: o.profiles ?? 1_000, dataDir, ports });
  } else {
    await runSelectionScenario({ papers: o.papers, profiles: o.profiles ?? 10_000, readers: o.readers, dataDir, ports, reuse: o.reuse, keepServices: o.keepServices, seed: o.seed });
  }
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
}
