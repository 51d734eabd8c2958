import type { PreferencesView } from "../../subscribers/preferences.repo.ts";
import { MAX_TOPICS } from "../../subscribers/preference-fields.ts";
import { hourOptions, timezoneOptions, weekdayOptions } from "./form-controls.ts";
import { html, type SafeHtml } from "./html.ts";
import { renderPage } from "./layout.ts";
import { renderHistorySection } from "./history-section.ts";
import type { HistoryDay } from "../../digest/delivery-history.repo.ts";

export type PreferencesPage = {
  view: PreferencesView;
  actionPath: string;
  unsubscribePath: string;
  resubscribePath: string;
  isSaved: boolean;
  history: readonly HistoryDay[];
};

/** GET and POST /preferences: every setting in one form; saved values show at once. */
export function renderPreferencesPage(page: PreferencesPage): string {
  const p = page.view.preferences;
  const checked = (isOn: boolean) => (isOn ? html` checked` : "");
  return renderPage({
    title: "Your paperwire settings",
    hasTimezoneScript: false,
    main: html`
<h1>Your settings</h1>
${page.isSaved ? html`<p class="notice ok" role="status">Saved. Your next email follows these settings.</p>` : ""}
${renderStatusNotice(page)}
<form method="post" action="${page.actionPath}">
  <h2>What you get</h2>
  <div class="field">
    <label for="topics">Topics</label>
    <input id="topics" name="topics" type="text" maxlength="600" value="${p.topics.join(", ")}" aria-describedby="topics-hint">
    <p class="hint" id="topics-hint">Up to ${MAX_TOPICS} keywords, separated by commas. Empty: every trending paper.</p>
  </div>
  <div class="field narrow">
    <label for="papersPerEmail">Papers per email</label>
    <input id="papersPerEmail" name="papersPerEmail" type="number" min="1" max="50" step="1" value="${p.papersPerEmail}" required aria-describedby="papers-hint">
    <p class="hint" id="papers-hint">1 to 50.</p>
  </div>
  <fieldset aria-describedby="ranking-hint">
    <legend>Order of the papers</legend>
    <label class="choice"><input type="radio" name="ranking" value="trending"${checked(p.ranking === "trending")}> Trending: what the community upvotes most these days</label>
    <label class="choice"><input type="radio" name="ranking" value="momentum"${checked(p.ranking === "momentum")}> Momentum: the most upvotes gained since my last email</label>
    <p class="hint" id="ranking-hint">Papers that gained nothing, and every paper when there is no earlier email to count from, follow in trending order.</p>
  </fieldset>
  <fieldset>
    <legend>Format</legend>
    <label class="choice"><input type="radio" name="format" value="html"${checked(p.format === "html")}> Formatted email</label>
    <label class="choice"><input type="radio" name="format" value="text"${checked(p.format === "text")}> Plain text only</label>
  </fieldset>
  <h2>When it arrives</h2>
  <fieldset>
    <legend>How often</legend>
    <label class="choice"><input type="radio" name="frequency" value="daily"${checked(p.frequency === "daily")}> Every day</label>
    <label class="choice"><input type="radio" name="frequency" value="weekly"${checked(p.frequency === "weekly")}> Once a week</label>
  </fieldset>
  <div class="field narrow">
    <label for="weeklyDay">Day of the weekly email</label>
    <select id="weeklyDay" name="weeklyDay">${weekdayOptions(p.weeklyDay)}</select>
  </div>
  <div class="row">
    <div class="field">
      <label for="sendHour">Send at</label>
      <select id="sendHour" name="sendHour">${hourOptions(p.sendHour)}</select>
    </div>
    <div class="field">
      <label for="timezone">Time zone</label>
      <select id="timezone" name="timezone">${timezoneOptions(p.timezone)}</select>
    </div>
  </div>
  <fieldset>
    <legend>When a day is missed</legend>
    <label class="choice"><input type="radio" name="missedDays" value="skip"${checked(p.missedDays === "skip")}> Skip it: the next email has only the latest papers</label>
    <label class="choice"><input type="radio" name="missedDays" value="catch_up"${checked(p.missedDays === "catch_up")}> Catch up: the next email also has what I missed</label>
  </fieldset>
  <div class="field narrow">
    <label for="pausedUntil">Pause until</label>
    <input id="pausedUntil" name="pausedUntil" type="date" value="${p.pausedUntil ?? ""}" aria-describedby="pause-hint">
    <p class="hint" id="pause-hint">No emails before this date. Leave it empty to keep receiving them. Pausing is not unsubscribing.</p>
  </div>
  <div class="actions"><button type="submit">Save settings</button></div>
</form>
${renderHistorySection(page.history, p.topics.length > 0)}
<h2>Stop all emails</h2>
<p><a href="${page.unsubscribePath}">Unsubscribe from paperwire</a></p>`,
  });
}

function renderStatusNotice(page: PreferencesPage): SafeHtml | "" {
  const { status, hasConfirmed } = page.view;
  if (status === "pending") return html`<p class="notice warn">Please confirm your subscription with the link we emailed you. Nothing is sent until then.</p>`;
  if (status === "unsubscribed" && hasConfirmed) {
    return html`<div class="notice warn"><p>You're unsubscribed: these settings apply if you come back.</p>
<form method="post" action="${page.resubscribePath}"><button type="submit" class="secondary">Subscribe again</button></form></div>`;
  }
  if (status === "active") return "";
  return html`<p class="notice warn">We're not sending to this address at the moment.</p>`;
}
