import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildDailyActivity } from "../../../src/admin/daily-activity.ts";
import { ADMIN_PAGE_CSP, renderAdminPage } from "../../../src/http/pages/admin-page.ts";

const NOW = new Date("2026-03-02T05:30:00Z");
const overview = {
  counts: { pending: 3, active: 1234, unsubscribed: 56, bounced: 7, complained: 0 },
  activity: buildDailyActivity([{ day: "2026-03-01", signups: 4, unsubscribes: 1, sends: 1200 }], NOW, 30),
  pendingPurgeDays: 7,
  generatedAt: NOW,
};

describe("renderAdminPage", () => {
  it("allows exactly its inline stylesheet in its CSP, and runs no script", () => {
    const page = renderAdminPage(overview);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    expect(ADMIN_PAGE_CSP).toContain(`style-src 'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    expect(page).not.toContain("<script");
    expect(page).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it("shows every status with its count, the total, and each series' total over the days shown", () => {
    const page = renderAdminPage(overview);
    expect(page).toContain('<span class="n">1,234</span><span class="label">Active</span>');
    expect(page).toContain('<span class="n">0</span><span class="label">Complained</span>');
    expect(page).toContain('<span class="n">1,300</span><span class="label">In all</span>');
    expect(page).toContain('Digests sent<span class="sum">1,200 in 30 days</span>');
    expect(page).toContain("unconfirmed signups are deleted after 7 days");
    expect(page).toContain("As of 2026-03-02 05:30 UTC.");
  });
});
