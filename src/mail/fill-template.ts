const PLACEHOLDER = /\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g;

/**
 * Escapes text for HTML element content and attribute values. "%" is escaped too, so data can
 * never spell a per-reader placeholder (%%unsubscribe_url%%) that personalisation would fill.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'%]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39", "%": "#37" }[c]};`);
}

/**
 * Text parts take data as it is, except that "%%" gets an invisible word joiner between its
 * signs, for the same reason: data must not spell a per-reader placeholder.
 */
export function escapeText(value: string): string {
  // A lookahead, not replaceAll("%%"): "%%%" must become "%⁠%⁠%", with no pair left over.
  return value.replace(/%(?=%)/g, "%\u2060");
}

/**
 * Fills `{{name}}` with the value escaped by `escape` and `{{{name}}}` with the value as it is
 * (for fragments this code built from escaped parts). Templates hold placeholders and no logic;
 * a placeholder without a value is a bug in the template or the caller, so it throws.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>, escape: (v: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, raw: string | undefined, escaped: string | undefined) => {
    const name = (raw ?? escaped)!;
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    return raw ? value : escape(value);
  });
}
