import type { Preferences } from "../../subscribers/preferences-input.ts";
import { formatHour, WEEKDAYS } from "./form-controls.ts";
import { html } from "./html.ts";
import { renderMessagePage } from "./message-page.ts";

/** GET /confirm: nothing changes until the reader presses the button (mail scanners only GET). */
export function renderConfirmPage(actionPath: string): string {
  return renderMessagePage({
    title: "Confirm your subscription",
    body: html`<p>Press the button to start receiving paperwire at this address.</p>
<form method="post" action="${actionPath}">
  <div class="actions"><button type="submit">Confirm my subscription</button></div>
</form>`,
  });
}

/** After POST /confirm: what happens next, and where to change it. */
export function renderConfirmedPage(page: { preferences: Preferences; preferencesPath: string }): string {
  const p = page.preferences;
  const when = p.frequency === "weekly" ? `every ${WEEKDAYS[(p.weeklyDay ?? 1) - 1]}` : "every day";
  return renderMessagePage({
    title: "You're subscribed",
    body: html`<p class="notice ok" role="status">Thank you for confirming.</p>
<p>You'll get one email ${when} at ${formatHour(p.sendHour)} (${p.timezone.replaceAll("_", " ")}), with up to ${p.papersPerEmail} papers trending on Hugging Face Daily Papers${
      p.topics.length > 0 ? html` that match your topics (${p.topics.join(", ")})` : ""
    }.</p>
<p>Every email has a link to your settings and a one-click unsubscribe.</p>
<p><a href="${page.preferencesPath}">Change topics, time, format or pause</a></p>`,
  });
}
