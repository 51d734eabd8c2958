import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";

export type SubmitResult = { response: string; accepted: string[]; rejected: string[] };

/**
 * The one pooled SMTP transport of a process. `submitRaw` hands over a message already encoded
 * once per content group with the reader's parts filled in, so Nodemailer does no MIME work per
 * email; `submit` composes (transactional mail, where volume is small).
 */
export class Mailer {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  private isClosed = false;

  constructor(smtpUrl: string, options: { poolSize: number }) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
      secure: url.protocol === "smtps:",
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      maxConnections: options.poolSize,
      maxMessages: Infinity,
      // A loopback catcher has no certificate; a real relay on 587 upgrades with STARTTLS.
      ignoreTLS: url.hostname === "127.0.0.1" || url.hostname === "localhost",
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
  }

  /**
   * Submits pre-built RFC 5322 bytes to one recipient. Throws on any SMTP failure. `messageId`
   * (the one inside `raw`, with angle brackets) spares Nodemailer generating one of its own for
   * every message, which it otherwise does even for raw input.
   */
  async submitRaw(envelope: { from: string; to: string }, raw: Buffer | string, messageId?: string): Promise<SubmitResult> {
    const info = await this.transport.sendMail({ envelope, raw, messageId });
    return { response: info.response, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
  }

  /** Composes and submits a message. Throws on any SMTP failure. */
  async submit(message: Mail.Options): Promise<SubmitResult> {
    const info = await this.transport.sendMail(message);
    return { response: info.response, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
  }

  /** Opens a connection and says hello: for readiness checks. */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.transport.close();
  }
}
