import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Ports and data of its own: a bench run by hand (54349/63819/2525) or the test services are never touched.
const DATA_DIR = path.join(ROOT, ".data/bench-smoke");
const READERS = 500;

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/main.ts"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

// The benchmark's smoke run, so `npm run bench` cannot rot: the whole command on 500 readers,
// real worker processes, smtp-sink, every baseline on a small count. The bench itself fails
// (exit 1) unless the sink's count, the ledger and the per-recipient dump all say every reader
// got exactly one email. No timing is asserted: speed is measured in bench/, not in tests.
describe("bench smoke run", () => {
  it("sends one email to each of 500 readers through the real pipeline, and runs every baseline", { timeout: 180_000 }, async () => {
    const { code, output } = await runBench([
      "--readers", String(READERS), "--profiles", "20", "--naive", "20", "--ceiling-messages", "300", "--check-recipients",
      "--data-dir", DATA_DIR, "--pg-port", "54359", "--redis-port", "63829", "--sink-port", "2535",
    ]);
    expect(code, output).toBe(0);
    const resultsDir = path.join(DATA_DIR, "results");
    const newest = readdirSync(resultsDir).filter((f) => f.endsWith(".json") && !f.startsWith("selection")).sort().at(-1)!;
    const report = JSON.parse(readFileSync(path.join(resultsDir, newest), "utf8")) as {
      pipeline: { readers: number; ledger: { deliveries: number; byStatus: Record<string, number>; batches: number } };
      baselines: Record<string, { messages: number }>;
      sample: { bytes: number };
    };
    expect(report.pipeline.readers).toBe(READERS);
    expect(report.pipeline.ledger.deliveries).toBe(READERS);
    expect(report.pipeline.ledger.byStatus).toEqual({ sent: READERS });
    expect(Object.keys(report.baselines).sort()).toEqual(["naive", "nodemailer", "pipelining", "smtpSource"]);
    expect(report.sample.bytes).toBeGreaterThan(10_000);
  });
});
