// Baseline "Nodemailer ceiling": one pre-built message re-sent through the product's pooled
// transport (src/mail/transport.io.ts, raw + envelope) with the pipeline's connection count:
// one process, no queue, no database. Prints one JSON line: { messages, seconds, cpuSeconds }.
import { readFileSync } from "node:fs";
import { Mailer } from "../../src/mail/transport.io.ts";
import { TIMED_START } from "./timed-start.ts";

const [smtpUrl, file, countText, connectionsText] = process.argv.slice(2) as [string, string, string, string];
const [count, connections] = [Number(countText), Number(connectionsText)];
const raw = readFileSync(file);
const mailer = new Mailer(smtpUrl, { poolSize: connections });
// As many in flight as the pipeline's waves keep: the pool never waits for work.
const window = connections * 20;

async function send(total: number, offset: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const i = offset + next++;
      // The same call the send path makes, Message-ID included.
      await mailer.submitRaw({ from: "digest@paperwire.example", to: `copy${i}@baseline.example` }, raw, `<${i}.1@paperwire.example>`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, total) }, lane));
}

// Untimed warm-up: open the connections and let V8 optimise Nodemailer's paths, so the timed
// part is Nodemailer's steady state (the stricter ceiling: cold code costs about half as much again).
const warmup = Math.min(2_000, count);
await send(warmup, 0);
console.log(TIMED_START);
const started = performance.now();
const cpu = process.cpuUsage();
await send(count, warmup);
const used = process.cpuUsage(cpu);
const seconds = (performance.now() - started) / 1000;
mailer.close();
console.log(JSON.stringify({ messages: count, warmup, seconds, cpuSeconds: (used.user + used.system) / 1e6 }));
