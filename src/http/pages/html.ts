// Markup is built only through the `html` tag: every interpolated value is escaped unless it is
// itself the output of `html`, so a reader's input can never become markup.
const SAFE = Symbol("safe-html");

/** A fragment of markup that is already safe to insert. */
export type SafeHtml = { readonly [SAFE]: true; readonly markup: string };

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` fragments and arrays of them go in as they are. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1]!;
  });
  return { [SAFE]: true, markup };
}

/** Marks a constant written in this code base as markup. Never pass it anything a request supplied. */
export function trustedHtml(markup: string): SafeHtml {
  return { [SAFE]: true, markup };
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  if (typeof value === "object" && SAFE in value) return value.markup;
  return escapeHtml(String(value));
}
