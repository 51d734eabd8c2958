import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export type RealProcess = { child: ChildProcess; output(): string; kill(signal: NodeJS.Signals): Promise<number | null> };

/**
 * Starts one of the project's entry points (e.g. workers/digest.ts) as a real Node process with
 * the given environment, and resolves once it logs `readyEvent`.
 */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  readyEvent: string,
  options: { args?: string[]; timeoutMs?: number } = {},
): Promise<RealProcess> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes(`"event":"${readyEvent}"`)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
