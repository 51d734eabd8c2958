import mjml2html from "mjml";
import { convert } from "html-to-text";

/** An email body compiled once: HTML and its plain-text twin, both still holding {{placeholders}}. */
export type CompiledTemplate = { html: string; text: string };

const PLACEHOLDER = /\{\{([a-zA-Z][a-zA-Z0-9]*)\}\}/g;

/**
 * Compiles MJML to HTML and derives the plain-text part from it. `mj-include` paths resolve
 * relative to `filePath` and may not leave `includeDir`. Any MJML validation error throws, so a
 * broken template fails the first send instead of mailing a broken layout.
 */
export async function compileMjmlTemplate(mjml: string, options: { filePath: string; includeDir: string }): Promise<CompiledTemplate> {
  const result = await mjml2html(mjml, {
    filePath: options.filePath,
    ignoreIncludes: false,
    includePath: options.includeDir,
    validationLevel: "strict",
    // cssnano is not installed, and a transactional email gains nothing from minifying.
    minify: false,
    keepComments: false,
    // No web fonts: they are fetched from Google when the email opens, which leaks the reader.
    fonts: {},
  });
  const text = convert(result.html, {
    wordwrap: 78,
    selectors: [
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "img", format: "skip" },
      // MJML lays out with tables; read them as plain blocks, and each mj-text (a div) as a paragraph.
      { selector: "table", format: "block" },
      { selector: "tr", format: "block" },
      { selector: "td", format: "block" },
      { selector: "div", format: "paragraph" },
    ],
  });
  return { html: result.html, text: text.trim() + "\n" };
}

/**
 * Fills {{name}} placeholders: HTML-escaped in the HTML, verbatim in the text. A placeholder
 * without a value throws, since it means the template and its caller disagree.
 */
export function fillTemplate(template: CompiledTemplate, values: Readonly<Record<string, string>>): CompiledTemplate {
  const fill = (source: string, encode: (value: string) => string) =>
    source.replace(PLACEHOLDER, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
      return encode(value);
    });
  return { html: fill(template.html, escapeHtml), text: fill(template.text, (value) => value) };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
