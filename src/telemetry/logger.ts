import { pino, type Logger } from "pino";

export type { Logger };

// Redaction is a safety net only: code logs subscriber ids, never addresses or tokens.
const REDACT_PATHS = [
  "email", "*.email", "to", "*.to", "token", "*.token", "url", "*.url",
  "password", "*.password", "authorization", "*.authorization", "req.headers.authorization", "req.headers.cookie",
];

/**
 * The root logger: JSON lines on stdout (or `destination`), each with an `event` field that
 * dashboards match on. Children bind ids (`editionId`, `batchId`, `jobId`, `requestId`).
 */
export function createLogger(options: { level: string; name: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    { level: options.level, name: options.name, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { pid: process.pid } },
    options.destination ?? process.stdout,
  );
}
