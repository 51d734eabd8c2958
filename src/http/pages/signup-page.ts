import { CURRENT_CONSENT } from "../../subscribers/consent.ts";
import { MAX_TOPICS } from "../../subscribers/preference-fields.ts";
import { hourOptions, timezoneOptions } from "./form-controls.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";

/** GET /: what the reader gets, and the form. Works without JavaScript; with it, the time zone is pre-filled. */
export function renderSignupPage(): string {
  return renderPage({
    title: "Trending research papers by email",
    isIndexable: true,
    hasTimezoneScript: true,
    hasFeedLinks: true,
    main: html`
<h1>Trending research papers, in your inbox</h1>
<p class="lead">One email a day with the papers trending on Hugging Face Daily Papers, sent at the hour you choose in your own time zone.</p>
<ul>
  <li>Each paper with its title, authors, a short abstract, its votes and rank, and links to the paper, the PDF and the code.</li>
  <li>Give a few topics and you get only the papers that match them; leave them empty for the whole list.</li>
  <li>Prefer less? Choose once a week. You can also pause, or unsubscribe with one click from any email.</li>
</ul>
<p>See what it looks like: <a href="/archive">the archive</a> has every past edition, also as an <a href="/feed.xml">RSS feed</a> and a <a href="/feed.json">JSON Feed</a>.</p>
<form method="post" action="/subscribe" novalidate>
  <div class="field">
    <label for="email">Email address</label>
    <input id="email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="254" required>
  </div>
  <div class="field">
    <label for="topics">Topics <span class="muted">(optional)</span></label>
    <input id="topics" name="topics" type="text" maxlength="600" aria-describedby="topics-hint" placeholder="e.g. diffusion, robotics, LLM agents">
    <p class="hint" id="topics-hint">Up to ${MAX_TOPICS} keywords, separated by commas. They are matched against titles and abstracts.</p>
  </div>
  <div class="field">
    <label for="frequency">How often</label>
    <select id="frequency" name="frequency">
      <option value="daily" selected>Every day</option>
      <option value="weekly">Once a week, on Mondays</option>
    </select>
  </div>
  <div class="row">
    <div class="field">
      <label for="sendHour">Send at</label>
      <select id="sendHour" name="sendHour">${hourOptions(8)}</select>
    </div>
    <div class="field">
      <label for="timezone">Time zone</label>
      <select id="timezone" name="timezone">${timezoneOptions("UTC")}</select>
    </div>
  </div>
  <div class="trap" aria-hidden="true">
    <label for="website">Leave this field empty</label>
    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off">
  </div>
  <p class="consent">${CURRENT_CONSENT.text}</p>
  <div class="actions"><button type="submit">Subscribe</button></div>
  <p class="hint">We first send you an email to confirm: nothing else arrives until you press its button.</p>
</form>`,
  });
}
