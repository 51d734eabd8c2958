import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
// Data of its own and free ports: a bench run by hand (54349/63819/2525), the test services and
// another checkout's run are never touched.
const DATA_DIR = path.join(ROOT, ".data/bench-smoke");
const READERS = 500;

// Free ports, so two checkouts running their tests at once (CI on one machine) never collide.
async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

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
    const [pgPort, redisPort, sinkPort] = await findFreePorts(3);
    const { code, output } = await runBench([
      "--readers", String(READERS), "--profiles", "20", "--naive", "20", "--ceiling-messages", "300", "--check-recipients",
      "--data-dir", DATA_DIR, "--pg-port", String(pgPort), "--redis-port", String(redisPort), "--sink-port", String(sinkPort),
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
