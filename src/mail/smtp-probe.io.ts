import { connect as connectTcp } from "node:net";
import { connect as connectTls } from "node:tls";

/**
 * Checks that the SMTP relay answers: connects, waits for its 220 greeting and says QUIT. No
 * authentication and no message, so a readiness probe costs the relay almost nothing.
 */
export function probeSmtp(smtpUrl: string, timeoutMs: number): Promise<void> {
  const url = new URL(smtpUrl);
  const isTls = url.protocol === "smtps:";
  const port = Number(url.port || (isTls ? 465 : 25));
  return new Promise((resolve, reject) => {
    const socket = isTls ? connectTls({ host: url.hostname, port, servername: url.hostname }) : connectTcp({ host: url.hostname, port });
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.setTimeout(timeoutMs, () => fail(`no greeting within ${timeoutMs} ms`));
    socket.once("error", (error) => fail(error.message));
    socket.once("data", (data: Buffer) => {
      const greeting = data.toString("latin1");
      if (!greeting.startsWith("220")) return fail(`unexpected greeting ${greeting.slice(0, 3)}`);
      socket.end("QUIT\r\n");
      resolve();
    });
  });
}
