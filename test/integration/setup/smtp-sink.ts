import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

export type CapturedMail = { envelopeTo: string[]; raw: Buffer; parsed: ParsedMail };

/**
 * Decides, per recipient, how the sink answers RCPT TO: undefined accepts; an object rejects
 * with that SMTP code and message (421/451 temporary, 550 permanent).
 */
export type RecipientPolicy = (address: string) => { code: number; message: string } | undefined;

export type SmtpSink = {
  url: string;
  port: number;
  messages: CapturedMail[];
  setPolicy(policy: RecipientPolicy | undefined): void;
  /** Answers each message this much later (a slow relay); 0 answers at once. */
  setDelay(ms: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
};

/** A real SMTP server on loopback that keeps and parses every message it accepts. */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  let policy: RecipientPolicy | undefined;
  let delayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 5 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const verdict = policy?.(address.address);
      if (!verdict) return callback();
      const error = new Error(verdict.message) as Error & { responseCode: number };
      error.responseCode = verdict.code;
      callback(error);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            if (delayMs > 0) setTimeout(() => callback(), delayMs);
            else callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    setPolicy(next) {
      policy = next;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
