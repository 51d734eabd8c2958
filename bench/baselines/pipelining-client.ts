// Baseline "machine ceiling": a minimal SMTP writer on net.Socket with PIPELINING (RFC 2920)
// sending the same bytes over the same number of connections. Bench code only, never the
// product's path: it skips everything a real client must do (TLS, auth, errors, timeouts).
// Each round writes the previous message's data together with the next MAIL/RCPT/DATA group, so
// a message costs one round trip. Prints one JSON line: { messages, seconds, cpuSeconds }.
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { TIMED_START } from "./timed-start.ts";

const [host, portText, file, countText, connectionsText] = process.argv.slice(2) as [string, string, string, string, string];
const [count, connections] = [Number(countText), Number(connectionsText)];
// Dot-stuff once (RFC 5321 §4.5.2) and append the end-of-data line.
const data = Buffer.from(`${readFileSync(file, "latin1").replace(/\r\n\./g, "\r\n..")}\r\n.\r\n`, "latin1");
let next = 0;

/** Resolves with reply codes as complete replies arrive (a multi-line reply counts once). */
function replies(socket: Socket) {
  let buffered = "";
  const waiting: { n: number; resolve: (codes: string[]) => void }[] = [];
  const codes: string[] = [];
  const settle = () => {
    while (waiting[0] && codes.length >= waiting[0].n) {
      const w = waiting.shift()!;
      w.resolve(codes.splice(0, w.n));
    }
  };
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf("\r\n")) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line[3] !== "-") codes.push(line.slice(0, 3));
    }
    settle();
  });
  return (n: number) => new Promise<string[]>((resolve) => {
    waiting.push({ n, resolve });
    settle();
  });
}

async function lane(): Promise<void> {
  const socket = connect({ host, port: Number(portText) });
  socket.setNoDelay(true);
  const read = replies(socket);
  const expect = async (n: number, ok: (codes: string[]) => boolean) => {
    const codes = await read(n);
    if (!ok(codes)) throw new Error(`unexpected replies ${codes.join(",")}`);
  };
  await expect(1, (c) => c[0] === "220");
  socket.write("EHLO bench.example\r\n");
  await expect(1, (c) => c[0] === "250");
  const envelope = (i: number) => `MAIL FROM:<digest@paperwire.example>\r\nRCPT TO:<copy${i}@baseline.example>\r\nDATA\r\n`;
  if (next >= count) return void socket.end();
  socket.write(envelope(next++));
  for (;;) {
    await expect(3, (c) => c.join() === "250,250,354");
    const more = next < count;
    socket.write(more ? Buffer.concat([data, Buffer.from(envelope(next++))]) : data);
    await expect(1, (c) => c[0] === "250");
    if (!more) break;
  }
  socket.write("QUIT\r\n");
  socket.end();
}

console.log(TIMED_START);
const started = performance.now();
const cpu = process.cpuUsage();
await Promise.all(Array.from({ length: connections }, lane));
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ messages: count, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }));
