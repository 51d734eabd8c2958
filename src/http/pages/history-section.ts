import { DateTime } from "luxon";
import type { HistoryDay } from "../../digest/delivery-history.repo.ts";
import { describeSkipReason } from "../../digest/skip-reasons.ts";
import { html, type SafeHtml } from "./html.ts";

/**
 * "Your last 14 days": each day sent (with a link to that email) or not sent and why. Days
 * without any row were days you were not due (or before you joined).
 */
export function renderHistorySection(history: readonly HistoryDay[], hasTopics: boolean): SafeHtml {
  const items = history.map((day) => {
    const label = DateTime.fromISO(day.date, { zone: "utc" }).toFormat("ccc d LLL");
    const outcome = day.status === "sent"
      ? day.digestPublicId ? html`Sent · <a href="/digests/${day.digestPublicId}">view that email</a>` : html`Sent`
      : day.status === "skipped" ? html`No email: ${describeSkipReason(day.skipReason, hasTopics)}`
      : day.status === "failed" ? html`Not delivered: your mail server refused it.`
      : html`On its way.`;
    return html`<li><span class="day">${label}</span> <span>${outcome}</span></li>`;
  });
  return html`
<h2>Your last 14 days</h2>
${history.length === 0
    ? html`<p class="hint">Nothing yet: your first email comes at your next send hour with something new.</p>`
    : html`<ul class="history">${items}</ul>`}`;
}
