import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

export type WorkerProcess = { pid: number; output(): string; stop(): Promise<number | null> };

/**
 * Starts workers/digest.ts as a real process (`node --import tsx`, as production and the crash
 * tests run it), resolves once it logs worker.started. With `cpuProfileDir`, Node writes a
 * .cpuprofile there when the process exits.
 */
export async function startWorkerProcess(env: Record<string, string>, options: { cpuProfileDir?: string; logFile?: string; nodeFlags?: string[] } = {}): Promise<WorkerProcess> {
  const flags = [...(options.nodeFlags ?? []), ...(options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [])];
  const child: ChildProcess = spawn(process.execPath, [...flags, "--import", "tsx", path.join(ROOT, "workers/digest.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  // Keep only the tail in memory: a 100,000-reader run logs a line per batch.
  const append = (d: Buffer) => {
    log?.write(d);
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // An interrupted bench must not leave workers behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  const deadline = Date.now() + 60_000;
  while (!output.includes('"event":"worker.started"')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
