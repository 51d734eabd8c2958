/** NFC-normalised text with every run of whitespace (newlines included) turned into one space. */
export function collapseWhitespace(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * How a paper without an arXiv id is recognised on re-import: its title lower-cased with
 * whitespace collapsed, so line breaks and spacing in a capture do not make a second paper.
 */
export function buildTitleKey(title: string): string {
  return collapseWhitespace(title).toLowerCase();
}
