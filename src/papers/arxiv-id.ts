// New-style ids (2306.12345, since 2007) and old-style ones (hep-th/9901001, math.GT/0309136).
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;
const ABS_PREFIX = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/abs\//;
const VERSION_SUFFIX = /v\d+$/;

/**
 * The bare arXiv id from an id, a versioned id or an abs URL ("http://arxiv.org/abs/2306.12345v2"
 * gives "2306.12345"); null when the text is not an arXiv id. Versions share one paper row.
 */
export function parseArxivId(raw: string): string | null {
  const id = raw.trim().replace(ABS_PREFIX, "").replace(VERSION_SUFFIX, "");
  return ARXIV_ID.test(id) ? id : null;
}
