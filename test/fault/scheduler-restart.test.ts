import { afterAll, describe, expect, it } from "vitest";
import { startScheduler } from "../../src/runtime/scheduler.ts";
import { makePaper, makeSubscriber } from "../integration/factories.ts";
import { createPipeline, type Pipeline } from "../integration/setup/pipeline.ts";

let p: Pipeline | undefined;
afterAll(async () => {
  await p?.close();
});

describe("the scheduler restarted across slot boundaries", () => {
  it("plans the hours it missed on start, once, and every due reader gets one email", async () => {
    p = await createPipeline({ clock: "2026-11-24T07:59:00Z" });
    for (let i = 1; i <= 4; i++) await makePaper(p.clients.db, { title: `Paper ${i}`, trends: [{ day: "2026-07-03", rank: i }] });
    const readers = [];
    for (const hour of [7, 8, 9, 10]) readers.push(await makeSubscriber(p.clients.db, { sendHour: hour }));
    await p.startWorkers();

    const before = await startScheduler(p.clients, p.clock);
    await p.waitForSlot("2026-11-24T07");
    before.close();
    // Down from 07:59 to 10:30: the 08, 09 and 10 o'clock ticks never fire.
    p.clock.set("2026-11-24T10:30:00Z");
    const after = await startScheduler(p.clients, p.clock);
    const [s8, s9, s10] = await Promise.all(["08", "09", "10"].map((h) => p!.waitForSlot(`2026-11-24T${h}`)));
    // A second restart within the same hour plans nothing new.
    after.close();
    const again = await startScheduler(p.clients, p.clock);
    again.close();

    expect([s8, s9, s10].map((s) => s?.byStatus)).toEqual([{ sent: 1 }, { sent: 1 }, { sent: 1 }]);
    expect(await p.clients.db.sendSlot.count()).toBe(4);
    const received = p.sink.messages.map((m) => m.envelopeTo[0]).sort();
    expect(received).toEqual(readers.map((r) => r.email).sort());
  });
});
