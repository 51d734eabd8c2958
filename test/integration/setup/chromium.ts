import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's own Chromium; Playwright's downloaded browsers cannot be fetched here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless, sandbox-free (root in a container), and quiet: no updates, sync or background traffic. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Returns the Chromium binary, installing Debian's package first when it is missing and we are
 * root (apt-get update only if the plain install fails, e.g. on stale package lists). Never
 * `npx playwright install`: it downloads from a CDN this machine cannot reach.
 */
export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install it with: sudo apt-get install -y chromium`);
  }
  const options = { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, maxBuffer: 64 * 1024 * 1024 };
  try {
    await run("apt-get", ["install", "-y", "chromium"], options);
  } catch {
    await run("apt-get", ["update"], options);
    await run("apt-get", ["install", "-y", "chromium"], options);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} does not exist`);
  return CHROMIUM_PATH;
}
