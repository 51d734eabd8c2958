import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startDedicatedServices } from "./dedicated-services.ts";
import { countByReader, enqueueManualSlot, seedSlot, waitForSlotDone, workerEnv } from "./slot-run.ts";
import { startSmtpSink } from "../integration/setup/smtp-sink.ts";
import { startProcess } from "../integration/setup/processes.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the SMTP relay down, then slow, then answering 421/451, then 550 for some recipients", () => {
  it("delivers to every deliverable reader exactly once and suppresses the rest, with no operator", async () => {
    const services = await startDedicatedServices({ postgres: 54363, redis: 63863 });
    cleanups.push(() => services.destroy());
    const { db, emails } = await seedSlot(services.databaseUrl, 60);
    cleanups.push(() => db.$disconnect());
    const port = await freePort();
    const env = workerEnv({ ...services, smtpUrl: `smtp://127.0.0.1:${port}` }, { SMTP_POOL_SIZE: "2", BATCH_SIZE: "20" });
    const worker = await startProcess("workers/digest.ts", env, "worker.started");
    cleanups.push(() => worker.kill("SIGKILL"));
    const started = Date.now();
    const key = await enqueueManualSlot(services.redisUrl, "fault", "2026-11-24T08:00:00.000Z");

    // Down: nothing listens; every batch fails with a connection error and backs off.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await db.delivery.count({ where: { status: "sent" } })).toBe(0);

    // Back, but slow: a second per message for the first ones, then temporary refusals, then 550s.
    const sink = await startSmtpSink({ port });
    cleanups.push(() => sink.close());
    const gone = new Set(emails.slice(0, 3));
    const refusedOnce = new Set(emails.slice(10, 30));
    let slowLeft = 4;
    sink.setDelay(1000);
    sink.setPolicy((address) => {
      if (slowLeft > 0 && --slowLeft === 0) sink.setDelay(0);
      if (gone.has(address)) return { code: 550, message: "5.1.1 No such user" };
      if (refusedOnce.delete(address)) return { code: address.endsWith("1@example.org") ? 421 : 451, message: "4.3.0 Try again later" };
      return undefined;
    });
    const recoveryMs = await waitForSlotDone(db, key, 180_000);

    const byReader = countByReader(sink.messages);
    const deliverable = emails.filter((e) => !gone.has(e));
    expect([...byReader.keys()].sort()).toEqual([...deliverable].sort());
    expect([...byReader.values()].every((ids) => ids.length === 1)).toBe(true);
    const ledger = await db.delivery.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } });
    expect(ledger.map((c) => [c.status, c._count])).toEqual([["sent", 57], ["failed", 3]]);
    expect(await db.subscriber.count({ where: { status: "bounced" } })).toBe(3);
    expect(await db.suppressionEvent.count({ where: { kind: "hard_bounce" } })).toBe(3);
    console.info(`fault smtp-outage: 60 readers, 57 sent once, 3 suppressed, 0 duplicates; slot done ${Date.now() - started} ms after start, ${recoveryMs} ms after the relay came back`);
  });
});
