import { html } from "./html.ts";
import { renderMessagePage } from "./message-page.ts";

/** GET /unsubscribe: link scanners prefetch it, so it only offers the button. */
export function renderUnsubscribePage(actionPath: string): string {
  return renderMessagePage({
    title: "Unsubscribe from paperwire",
    body: html`<p>Press the button and we stop sending you emails at once.</p>
<form method="post" action="${actionPath}">
  <div class="actions"><button type="submit">Unsubscribe</button></div>
</form>
<p class="hint">Only want fewer emails? You can switch to once a week or pause from your settings, linked in every email.</p>`,
  });
}

/** After unsubscribing: done, with a way back for a mistaken click. */
export function renderUnsubscribedPage(page: { resubscribePath: string; canResubscribe: boolean }): string {
  return renderMessagePage({
    title: "You're unsubscribed",
    body: html`<p class="notice ok" role="status">You won't receive any more emails from paperwire.</p>
${
  page.canResubscribe
    ? html`<p>Clicked by mistake? You can come back right away.</p>
<form method="post" action="${page.resubscribePath}">
  <div class="actions"><button type="submit" class="secondary">Subscribe again</button></div>
</form>`
    : html`<p>Changed your mind? <a href="/">Sign up again</a>.</p>`
}`,
  });
}

/** After POST /resubscribe. */
export function renderResubscribedPage(page: { preferencesPath: string }): string {
  return renderMessagePage({
    title: "Welcome back",
    body: html`<p class="notice ok" role="status">You're subscribed again, with the settings you had before.</p>
<p><a href="${page.preferencesPath}">Review your settings</a></p>`,
  });
}
