import { html, type SafeHtml } from "./html.ts";
import { renderPage } from "./layout.ts";

/** A page that only says something: an outcome, or why a request was refused. */
export function renderMessagePage(page: { title: string; body: SafeHtml }): string {
  return renderPage({ title: page.title, main: html`<h1>${page.title}</h1>\n${page.body}` });
}

/** The page of a refused or failed request: what went wrong in one sentence, and a way on. */
export function renderProblemPage(problem: { title: string; message: string; requestId?: string }): string {
  return renderMessagePage({
    title: problem.title,
    body: html`<p class="notice error" role="alert">${problem.message}</p>
${problem.requestId ? html`<p class="muted">Reference: <code>${problem.requestId}</code></p>` : ""}
<p><a href="/">Go to the signup page</a></p>`,
  });
}
