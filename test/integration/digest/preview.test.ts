import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReaderPreview } from "../../../src/digest/preview.repo.ts";
import { loadDigestTemplates } from "../../../src/mail/digest-templates.io.ts";
import { createDigestRenderer } from "../../../src/mail/digest-renderer.ts";
import { JOBS, buildPlanEditionJobId, buildSlotKey } from "../../../src/queue/jobs.ts";
import { makePaper, makeSubscriber } from "../factories.ts";
import { createPipeline, type Pipeline } from "../setup/pipeline.ts";

let p: Pipeline;
beforeAll(async () => {
  p = await createPipeline({ clock: "2026-11-24T08:00:00Z" });
  for (let i = 1; i <= 8; i++) await makePaper(p.clients.db, { title: `Preview paper ${i}`, arxivId: `2607.0200${i}`, trends: [{ day: "2026-07-03", rank: i }] });
});
afterAll(async () => {
  await p?.close();
});

const counts = async () => ({
  editions: await p.clients.db.edition.count(),
  contentGroups: await p.clients.db.contentGroup.count(),
  deliveries: await p.clients.db.delivery.count(),
  slots: await p.clients.db.sendSlot.count(),
});

describe("digest preview", () => {
  it("shows exactly what the reader then receives, and writes nothing", async () => {
    const reader = await makeSubscriber(p.clients.db, { email: "preview.reader@example.org", papersPerEmail: 3, format: "html" });
    const deps = { config: p.config, renderer: createDigestRenderer(await loadDigestTemplates()), clock: p.clock };
    const before = await counts();
    const preview = await buildReaderPreview(p.clients.db, reader.email, "2026-11-24", deps);
    expect(await counts()).toEqual(before);
    if (preview.kind !== "email") throw new Error(`expected an email, got ${preview.reason}`);
    expect(preview.subject).toBe("Preview paper 1 — and 2 more trending papers");
    expect(preview.html).toContain("http://paperwire.test/unsubscribe?token=");
    expect(preview.html).not.toContain("%%");
    const eml = await simpleParser(preview.eml);
    expect((eml.to as { text: string }).text).toBe(reader.email);

    await p.startWorkers();
    const at = "2026-11-24T08:00:00.000Z";
    const key = buildSlotKey(new Date(at), true);
    await p.clients.queues.plan.add(JOBS.planEdition, { slotStartsAt: at, isManual: true, editionDate: "2026-11-24" }, { jobId: buildPlanEditionJobId(key) });
    await p.waitForSlot(key);
    const [sent] = await p.sink.waitFor(1);
    expect(sent!.parsed.subject).toBe(preview.subject);
    // Identical but for the "view in browser" link: its content group gets its id when first sent.
    const withoutViewLink = (text: string | undefined) => text?.replace(/\/digests\/\S+/, "/digests/…");
    expect(withoutViewLink(sent!.parsed.text)).toBe(withoutViewLink(eml.text));

    // Once sent, the same edition has nothing new for this reader (no newer trending day).
    const next = await buildReaderPreview(p.clients.db, reader.email, "2026-11-24", deps);
    expect(next).toEqual({ kind: "skipped", editionDate: "2026-11-24", reason: "nothing_new" });
  });

  it("refuses an unknown address", async () => {
    await expect(buildReaderPreview(p.clients.db, "nobody@example.org", undefined, { config: p.config, renderer: createDigestRenderer(await loadDigestTemplates()), clock: p.clock })).rejects.toThrow(/No subscriber/);
  });
});
