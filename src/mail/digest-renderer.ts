import mjml2html from "mjml";
import { escapeHtml } from "./fill-template.ts";
import type { DigestContent } from "./digest-content.ts";
import type { DigestTemplates } from "./digest-templates.io.ts";
import { composeDigest, fillLayoutMjml, LAYOUT_VALUE_NAMES, type LayoutValueName, type RenderedDigest } from "./compose-digest.ts";

/** Renders digests; see createDigestRenderer. */
export type DigestRenderer = { render(content: DigestContent): Promise<RenderedDigest> };

// A compiled card is about 3 KB; a few thousand cover every candidate of several editions.
const DEFAULT_CARDS_KEPT = 4000;

/**
 * A renderer that compiles MJML once per card and once per layout variant, not once per digest.
 *
 * A digest's HTML is the layout around its cards, and MJML's output is the same: with a marker
 * (an mj-raw comment) between two cards, each card compiles to a self-contained run of HTML
 * (its Outlook table row opens and closes inside it), so a digest is the layout's head, its
 * cards' runs and the layout's tail. The layout is compiled with stand-ins for its values
 * (subject, heading, links…) which are escaped and put in afterwards. So a process compiles each
 * card of an edition once, whatever the number of topic profiles that show it, and a digest whose
 * cards are all known costs string joins instead of 40 ms of MJML (docs/benchmarks.md).
 *
 * The output is the same bytes whichever digests were rendered before: the unit tests compare a
 * warm renderer with a fresh one, which compiles the whole digest in one go.
 */
export function createDigestRenderer(templates: DigestTemplates, options: { cardsKept?: number } = {}): DigestRenderer {
  const cardsKept = options.cardsKept ?? DEFAULT_CARDS_KEPT;
  const cards = new Map<string, string>();
  const layouts = new Map<boolean, { head: string; tail: string }>();

  /** Compiles the layout variant and the given cards in one MJML document; returns each card's HTML. */
  async function compile(hasTopicNote: boolean, cardsMjml: readonly string[]): Promise<Map<string, string>> {
    const marked = [marker("start"), ...cardsMjml.flatMap((card, i) => [card, marker(String(i))])].join("\n");
    // Stand-ins go in verbatim: they are plain ASCII with nothing to escape.
    const mjml = fillLayoutMjml(templates, STAND_INS, hasTopicNote, marked, (v) => v);
    // No web fonts: MJML would link Google Fonts for Roboto, which costs bytes and tells a third
    // party who opened the email.
    const compiled = await mjml2html(mjml, { validationLevel: "strict", minify: true, minifyOptions: { minifyCss: false }, fonts: {} });
    if (compiled.errors.length > 0) throw new Error(`MJML: ${compiled.errors.map((e) => e.formattedMessage).join("; ")}`);
    const parts = compiled.html.split(MARKER_IN_HTML);
    if (parts.length !== cardsMjml.length + 2) throw new Error("MJML output lost a card marker");
    layouts.set(hasTopicNote, { head: parts[0]!.trimEnd(), tail: parts.at(-1)!.trimStart() });
    return new Map(cardsMjml.map((card, i) => [card, parts[i + 1]!.trim()]));
  }

  function remember(card: string, html: string): void {
    cards.set(card, html);
    if (cards.size > cardsKept) cards.delete(cards.keys().next().value!);
  }

  return {
    async render(content) {
      const composed = composeDigest(content, templates);
      const known = new Map<string, string>();
      for (const card of composed.cardsMjml) {
        const html = cards.get(card);
        if (html !== undefined) known.set(card, html);
      }
      const missing = [...new Set(composed.cardsMjml.filter((card) => !known.has(card)))];
      if (missing.length > 0 || !layouts.has(composed.hasTopicNote)) {
        for (const [card, html] of await compile(composed.hasTopicNote, missing)) {
          known.set(card, html);
          remember(card, html);
        }
      }
      const layout = layouts.get(composed.hasTopicNote)!;
      const body = composed.cardsMjml.map((card) => known.get(card)!).join(" ");
      const fill = (html: string) => html.replace(STAND_IN_PATTERN, (_m, name: LayoutValueName) => escapeHtml(composed.layoutValues[name]));
      return { subject: composed.subject, preheader: composed.preheader, html: `${fill(layout.head)} ${body} ${fill(layout.tail)}`, text: composed.text };
    },
  };
}

const marker = (id: string) => `<mj-raw><!-- pw-card:${id} --></mj-raw>`;
const MARKER_IN_HTML = /<!-- pw-card:\w+ -->/;

// Letters and digits only, so neither MJML, the minifier nor escaping touches them.
const STAND_INS = Object.fromEntries(LAYOUT_VALUE_NAMES.map((name) => [name, `pwvalue${name}pwend`])) as Record<LayoutValueName, string>;
const STAND_IN_PATTERN = new RegExp(`pwvalue(${LAYOUT_VALUE_NAMES.join("|")})pwend`, "g");
