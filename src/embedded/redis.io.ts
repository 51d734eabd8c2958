import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { run, isAlive, isPortOpen, waitForPort } from "./process.io.ts";

function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"])) {
    const candidate = path.join(dir, "redis-server");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

// No npm package ships a Redis binary; Debian's does. As root we install it, as anyone else we
// say exactly what to install.
async function ensureRedisInstalled(): Promise<string> {
  const found = findRedisServer();
  if (found) return found;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error("redis-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`) or set REDIS_URL.");
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["install", "-y", "-q", "redis-server"], { env });
  } catch {
    await run("apt-get", ["update", "-q"], { env });
    await run("apt-get", ["install", "-y", "-q", "redis-server"], { env });
  }
  const installed = findRedisServer();
  if (!installed) throw new Error("apt-get installed redis-server but it is not on PATH");
  return installed;
}

/**
 * Starts (or reuses) a Redis on 127.0.0.1:port with its data in dataDir. With `persistent`, it
 * keeps an append-only file fsynced every second (what docs/production.md recommends for BullMQ);
 * either way it refuses to evict keys, as BullMQ requires.
 */
export async function startRedis(options: { dataDir: string; port: number; persistent: boolean }): Promise<void> {
  const { dataDir, port, persistent } = options;
  if (await isPortOpen(port)) return;
  const binary = await ensureRedisInstalled();
  mkdirSync(dataDir, { recursive: true });
  const args = [
    "--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--daemonize", "yes",
    "--pidfile", path.join(dataDir, "redis.pid"), "--logfile", path.join(dataDir, "redis.log"),
    "--maxmemory-policy", "noeviction", "--save", "",
    "--appendonly", persistent ? "yes" : "no", "--appendfsync", "everysec",
  ];
  execFileSync(binary, args, { stdio: "ignore" });
  await waitForPort(port, "Redis");
}

/** Stops the Redis whose pid file is in dataDir, if it runs. */
export async function stopRedis(dataDir: string): Promise<boolean> {
  const pidFile = path.join(dataDir, "redis.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!isAlive(pid)) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return true;
}
