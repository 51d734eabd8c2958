import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";
import { isAlive, isPortOpen, waitForPort } from "./process.io.ts";

/**
 * Starts (or reuses) maildev: an SMTP server on 127.0.0.1:smtpPort and a web inbox on
 * 127.0.0.1:webPort, keeping messages in dataDir. It runs detached so it outlives this command.
 */
export async function startMailCatcher(options: { dataDir: string; smtpPort: number; webPort: number }): Promise<void> {
  const { dataDir, smtpPort, webPort } = options;
  if ((await isPortOpen(smtpPort)) && (await isPortOpen(webPort))) return;
  mkdirSync(path.join(dataDir, "messages"), { recursive: true });
  // maildev exports only its library entry (dist/index.js); its CLI sits beside it in dist/bin.
  const bin = path.join(path.dirname(fileURLToPath(import.meta.resolve("maildev"))), "bin", "maildev.js");
  const log = openSync(path.join(dataDir, "maildev.log"), "a");
  const child = spawn(
    process.execPath,
    // Both listeners on loopback only: the inbox shows every message the service sent.
    [bin, "--smtp", String(smtpPort), "--web", String(webPort), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", path.join(dataDir, "messages")],
    { detached: true, stdio: ["ignore", log, log] },
  );
  child.unref();
  writeFileSync(path.join(dataDir, "maildev.pid"), String(child.pid));
  await waitForPort(smtpPort, "maildev SMTP");
  await waitForPort(webPort, "maildev web inbox");
}

/** Stops the maildev started from dataDir, if it runs. */
export async function stopMailCatcher(dataDir: string): Promise<boolean> {
  const pidFile = path.join(dataDir, "maildev.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  rmSync(pidFile);
  if (!isAlive(pid)) return false;
  process.kill(pid, "SIGTERM");
  return true;
}
