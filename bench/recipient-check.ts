import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type pg from "pg";

/**
 * The smoke run's per-reader check: smtp-sink's dump (-D) holds one X-Rcpt-Args record per
 * recipient; every active reader's address must appear exactly once, and nothing else. Throws
 * naming how many readers got none or several.
 */
export async function checkRecipients(dumpFile: string, pool: pg.Pool, readers: number): Promise<void> {
  const seen = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(dumpFile, { encoding: "latin1" }), crlfDelay: Infinity });
  for await (const line of lines) {
    const match = /^X-Rcpt-Args: <([^>]*)>/.exec(line);
    // The baselines send to @baseline.example; only the pipeline's recipients are checked.
    if (match && !match[1]!.endsWith("@baseline.example")) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
  }
  const emails = (await pool.query<{ email: string }>("SELECT email FROM subscribers WHERE status = 'active'")).rows.map((r) => r.email);
  const missing = emails.filter((e) => !seen.has(e)).length;
  const repeated = [...seen.values()].filter((count) => count > 1).length;
  const known = new Set(emails);
  const strangers = [...seen.keys()].filter((e) => !known.has(e)).length;
  if (emails.length !== readers || missing > 0 || repeated > 0 || strangers > 0) {
    throw new Error(`EXACTLY-ONCE CHECK FAILED (per recipient): ${readers} readers, ${missing} got nothing, ${repeated} got more than one, ${strangers} unknown recipients`);
  }
}
