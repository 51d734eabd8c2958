import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export type CountingSink = { url: string; recipients: string[]; bytes: number; close(): Promise<void> };

/**
 * An SMTP server that keeps only each message's recipient and size: for runs of tens of thousands
 * of messages, where parsing every one (startSmtpSink) would make the sink the bottleneck.
 */
export async function startCountingSink(): Promise<CountingSink> {
  const sink: CountingSink = { url: "", recipients: [], bytes: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    maxClients: 200,
    onData(stream, session, callback) {
      stream.on("data", (chunk: Buffer) => (sink.bytes += chunk.length));
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) sink.recipients.push(r.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
