import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { isPortOpen, run, waitForPort } from "../src/embedded/process.io.ts";

const SINK = "/usr/sbin/smtp-sink";
export const SMTP_SOURCE = "/usr/sbin/smtp-source";

/**
 * Postfix's smtp-sink and smtp-source come with the postfix package. As root on Debian we
 * install it without a prompt ("No configuration") and never start the postfix daemon: only
 * these two test programs are used.
 */
export async function ensurePostfixTools(): Promise<void> {
  if (existsSync(SINK) && existsSync(SMTP_SOURCE)) return;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error("postfix's smtp-sink is missing. Install it: `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postfix` (choose 'No configuration'; the daemon is not needed).");
  }
  execFileSync("debconf-set-selections", { input: "postfix postfix/main_mailer_type select No configuration\n" });
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  // Another apt run (a colleague installing something) holds the lock for a while: wait for it.
  const install = ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "--no-install-recommends", "postfix"];
  try {
    await run("apt-get", install, { env });
  } catch {
    await run("apt-get", ["update", "-q", "-o", "DPkg::Lock::Timeout=300"], { env });
    await run("apt-get", install, { env });
  }
  if (!existsSync(SINK)) throw new Error("apt-get installed postfix but /usr/sbin/smtp-sink is missing");
}

export type SmtpSink = {
  pid: number;
  port: number;
  /** Messages the sink has taken (its `-c` counter: one per "." received). */
  count(): number;
  /** Resolves when the counter reaches `target`; rejects after `timeoutMs` without progress. */
  waitFor(target: number, timeoutMs?: number): Promise<void>;
  /** Called with the time (performance.now()) of every counter change. */
  onCount(listener: (count: number, at: number) => void): () => void;
  stop(): Promise<void>;
};

/**
 * Starts smtp-sink on 127.0.0.1:port with running counters (-c), as `nobody` (it refuses to run
 * as root without -u). With `dumpFile`, every transaction is appended there (-D): slow, for the
 * smoke run's per-recipient check only.
 */
export async function startSmtpSink(options: { port: number; dumpFile?: string }): Promise<SmtpSink> {
  if (await isPortOpen(options.port)) throw new Error(`port ${options.port} is taken; pass another --sink-port`);
  const args = ["-c", ...(options.dumpFile ? ["-D", options.dumpFile] : []), ...(process.getuid?.() === 0 ? ["-u", "nobody"] : []), `127.0.0.1:${options.port}`, "1024"];
  const child: ChildProcess = spawn(SINK, args, { stdio: ["ignore", "pipe", "pipe"] });
  let current = 0;
  let stderr = "";
  const listeners = new Set<(count: number, at: number) => void>();
  child.stdout!.setEncoding("latin1");
  child.stdout!.on("data", (chunk: string) => {
    // Counters come as "sess=N quit=N mesg=N\r"; the last mesg= in a chunk is the newest.
    const matches = [...chunk.matchAll(/mesg=(\d+)/g)];
    const last = matches.at(-1);
    if (!last) return;
    const next = Number(last[1]);
    if (next === current) return;
    current = next;
    const at = performance.now();
    for (const listener of listeners) listener(current, at);
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // An interrupted bench must not leave the sink listening on its port.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  await waitForPort(options.port, "smtp-sink").catch((error: Error) => {
    throw new Error(`${error.message}\n${stderr}`);
  });
  return {
    pid: child.pid!,
    port: options.port,
    count: () => current,
    onCount(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async waitFor(target, timeoutMs = 60_000) {
      let last = current;
      let lastProgress = Date.now();
      while (current < target) {
        if (current !== last) [last, lastProgress] = [current, Date.now()];
        if (Date.now() - lastProgress > timeoutMs) throw new Error(`smtp-sink: ${current} of ${target} messages, no progress for ${timeoutMs / 1000} s`);
        if (child.exitCode !== null) throw new Error(`smtp-sink exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
