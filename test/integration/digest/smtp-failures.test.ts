import { afterEach, describe, expect, it } from "vitest";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../../src/queue/jobs.ts";
import { startScheduler } from "../../../src/runtime/scheduler.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

async function setUp(readerCount: number, env: Record<string, string> = {}) {
  p = await createPipeline({ clock: "2026-11-24T08:00:00Z", env: { BATCH_SIZE: "50", ...env } });
  for (let i = 1; i <= 6; i++) await makePaper(p.clients.db, { title: `Paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
  const readers = [];
  for (let i = 0; i < readerCount; i++) readers.push(await makeSubscriber(p.clients.db));
  return { p, readers };
}

async function sendNow(p: Pipeline, at: string) {
  await p.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true }, { jobId: buildPlanEditionJobId(buildSlotKey(new Date(at), true)) });
  return p.waitForSlot(buildSlotKey(new Date(at), true), 60_000);
}

const countBy = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());

describe("SMTP failures", () => {
  it("a batch retried after half its readers got 451 sends each remaining reader once, and nobody twice", async () => {
    const { p, readers } = await setUp(10);
    const refused = new Set(readers.filter((_, i) => i % 2 === 1).map((r) => r.email));
    let refusals = 0;
    p.sink.setPolicy((address) => {
      if (!refused.has(address)) return undefined;
      refusals++;
      // The relay recovers after the first attempt at each address.
      refused.delete(address);
      return { code: 451, message: "4.3.0 Try again later" };
    });
    await p.startWorkers();
    const summary = await sendNow(p, "2026-11-24T08:00:00.000Z");
    expect(refusals).toBe(5);
    expect(summary.byStatus).toEqual({ sent: 10 });
    const received = countBy(p.sink.messages.map((m) => m.envelopeTo[0]!));
    expect([...received.keys()].sort()).toEqual(readers.map((r) => r.email).sort());
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const retried = await p.clients.db.delivery.findMany({ where: { attempts: 2 }, select: { lastError: true } });
    expect(retried).toHaveLength(5);
    expect(retried[0]!.lastError).toMatch(/^451/);
  });

  it("a relay that answers 421 to everything for a while ends in delivery once it recovers", async () => {
    const { p, readers } = await setUp(3);
    let closedFor = 6;
    p.sink.setPolicy(() => (closedFor-- > 0 ? { code: 421, message: "4.7.0 Service not available, closing channel" } : undefined));
    await p.startWorkers();
    const summary = await sendNow(p, "2026-11-24T08:00:00.000Z");
    expect(summary.byStatus).toEqual({ sent: 3 });
    expect(new Set(p.sink.messages.map((m) => m.envelopeTo[0])).size).toBe(readers.length);
    expect(p.sink.messages).toHaveLength(3);
  });

  it("550 for a recipient fails that delivery for good, suppresses the address and sets the reader to bounced", async () => {
    const { p, readers } = await setUp(3);
    const gone = readers[1]!;
    p.sink.setPolicy((address) => (address === gone.email ? { code: 550, message: "5.1.1 No such user" } : undefined));
    await p.startWorkers();
    const summary = await sendNow(p, "2026-11-24T08:00:00.000Z");
    expect(summary.byStatus).toEqual({ sent: 2, failed: 1 });
    const delivery = await p.clients.db.delivery.findFirstOrThrow({ where: { subscriberId: gone.id } });
    expect(delivery.status).toBe("failed");
    expect(delivery.lastError).toMatch(/^550/);
    expect(delivery.lastError).not.toContain(gone.email);
    expect((await p.clients.db.subscriber.findUniqueOrThrow({ where: { id: gone.id } })).status).toBe("bounced");
    const suppression = await p.clients.db.suppressionEvent.findMany({ where: { subscriberId: gone.id } });
    expect(suppression.map((s) => s.kind)).toEqual(["hard_bounce"]);
    expect(suppression[0]!.emailHash).toMatch(/^[0-9a-f]{64}$/);
    const changes = await p.clients.db.statusChange.findMany({ where: { subscriberId: gone.id } });
    expect(changes.map((c) => [c.fromStatus, c.toStatus])).toEqual([["active", "bounced"]]);
    // The next slot skips the bounced reader entirely.
    const next = await sendNow(p, "2026-11-25T08:00:00.000Z");
    expect(next.planned).toBe(2);
  });
});

describe("two schedulers at once", () => {
  it("plan the slot once and send one email per reader", async () => {
    const { p, readers } = await setUp(4);
    await p.startWorkers();
    const [a, b] = await Promise.all([startScheduler(p.clients, p.clock), startScheduler(p.clients, p.clock)]);
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    const summary = await p.waitForSlot("2026-11-24T08");
    a.close();
    b.close();
    expect(summary.byStatus).toEqual({ sent: 4 });
    expect(await p.clients.db.sendSlot.count()).toBe(1);
    expect(p.sink.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(readers.map((r) => r.email).sort());
  });
});
