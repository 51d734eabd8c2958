import { describe, expect, it } from "vitest";
import { escapeHtml, html, trustedHtml } from "../../../src/http/pages/html.ts";
import { renderProblemPage } from "../../../src/http/pages/message-page.ts";
import { renderPreferencesPage } from "../../../src/http/pages/preferences-page.ts";
import { renderSignupPage } from "../../../src/http/pages/signup-page.ts";
import { renderConfirmedPage } from "../../../src/http/pages/confirm-page.ts";
import { PAGE_CSP_SOURCES } from "../../../src/http/pages/layout.ts";
import { createHash } from "node:crypto";

const HOSTILE = `"><script>alert('x')</script><img src=x onerror=alert(1)>&amp;\``;

describe("html escaping", () => {
  it("escapes every character that could leave text or an attribute", () => {
    expect(escapeHtml(`<>&"'\``)).toBe("&lt;&gt;&amp;&quot;&#39;&#96;");
  });

  it("escapes interpolations, keeps nested fragments, flattens lists and drops empty values", () => {
    const item = (text: string) => html`<li>${text}</li>`;
    const fragment = html`<ul title="${HOSTILE}">${["<a>", "b"].map(item)}${null}${undefined}${false}${0}</ul>`;
    expect(fragment.markup).toBe(
      `<ul title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&#96;"><li>&lt;a&gt;</li><li>b</li>0</ul>`,
    );
  });

  it("treats a plain object shaped like a fragment as text", () => {
    const forged = { markup: "<b>" } as unknown as string;
    expect(html`${forged}`.markup).toBe("[object Object]");
    expect(html`${trustedHtml("<b>")}`.markup).toBe("<b>");
  });
});

describe("pages", () => {
  const view = {
    status: "active" as const,
    hasConfirmed: true,
    preferences: {
      topics: [HOSTILE],
      timezone: `Europe/Paris"><script>`,
      sendHour: 8,
      frequency: "weekly" as const,
      weeklyDay: 3,
      papersPerEmail: 10,
      format: "text" as const,
      missedDays: "catch_up" as const,
      ranking: "momentum" as const,
      pausedUntil: "2027-01-31",
    },
  };

  it("escape stored values on the preferences page", () => {
    const page = renderPreferencesPage({ view, actionPath: "/preferences?token=a&b", unsubscribePath: "/unsubscribe?token=u", resubscribePath: "/r", isSaved: true, history: [] });
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain('action="/preferences?token=a&amp;b"');
    expect(page).toContain('<option value="3" selected>Wednesday</option>');
    expect(page).toContain('value="text" checked');
    expect(page).toContain('value="catch_up" checked');
    expect(page).toContain('name="ranking" value="momentum" checked');
    expect(page).toContain('value="2027-01-31"');
    expect(page).toContain("Saved.");
  });

  it("show the last 14 days: sent with a link to that email, or not sent and why", () => {
    const page = renderPreferencesPage({
      view, actionPath: "/p", unsubscribePath: "/u", resubscribePath: "/r", isSaved: false,
      history: [
        { date: "2026-11-24", status: "sent", skipReason: null, digestPublicId: "12-abcdefghijklmnopqrstuv" },
        { date: "2026-11-23", status: "skipped", skipReason: "nothing_new", digestPublicId: null },
        { date: "2026-11-22", status: "skipped", skipReason: "paused", digestPublicId: null },
      ],
    });
    expect(page).toContain('Sent · <a href="/digests/12-abcdefghijklmnopqrstuv">view that email</a>');
    expect(page).toContain("Mon 23 Nov</span> <span>No email: Nothing new matched your topics.");
    expect(page).toContain("No email: Paused, as you asked.");
  });

  it("escape topics and time zone on the confirmed page", () => {
    const page = renderConfirmedPage({ preferences: view.preferences, preferencesPath: "/preferences?token=p" });
    expect(page).not.toContain("<script>");
    expect(page).toContain("every Wednesday at 08:00");
  });

  it("escape the message of a problem page", () => {
    const page = renderProblemPage({ title: "Sorry", message: HOSTILE, requestId: "<id>" });
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;id&gt;");
  });

  it("serve a signup page with labelled fields, a hidden honeypot, and no inline handlers", () => {
    const page = renderSignupPage();
    for (const id of ["email", "topics", "frequency", "sendHour", "timezone"]) {
      expect(page).toContain(`<label for="${id}"`);
      expect(page).toContain(`id="${id}"`);
    }
    expect(page).toMatch(/<div class="trap" aria-hidden="true">[\s\S]*name="website"[\s\S]*tabindex="-1"/);
    expect(page).toContain('<option value="UTC" selected>UTC</option>');
    expect(page).not.toMatch(/\son[a-z]+=/);
    expect(page).toContain('<meta name="viewport"');
  });

  it("carry exactly the inline style and script whose hashes the CSP allows", () => {
    const page = renderSignupPage();
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    const hash = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    expect(PAGE_CSP_SOURCES.style).toEqual([hash(style)]);
    expect(PAGE_CSP_SOURCES.script).toEqual([hash(script)]);
  });
});
