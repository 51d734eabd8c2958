import { describe, expect, it } from "vitest";
import { buildArxivBatch } from "../../../src/papers/arxiv-feed.ts";
import { SourceError } from "../../../src/papers/source-error.ts";

const feed = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: search_query=cat:cs.LG&amp;start=0</title>
  <id>http://arxiv.org/api/test</id>
  ${entries}
</feed>`;

const entry = ({ id = "<id>http://arxiv.org/abs/2407.00011v3</id>", title = "SPRIGHT: A Fast &amp; Robust\n    Framework", extra = "" } = {}) => `
  <entry>
    ${id}
    <published>2026-07-01T17:59:59Z</published>
    <title>${title}</title>
    <summary>  We consider the problem of computing the
  Walsh-Hadamard Transform.
</summary>
    <author><name>Ada Example</name><arxiv:affiliation>Example University</arxiv:affiliation></author>
    <author><name>Ben
      Sample</name></author>
    <link href="http://arxiv.org/abs/2407.00011v3" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2407.00011v3" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="eess.SP" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    ${extra}
  </entry>`;

describe("buildArxivBatch", () => {
  it("normalises an entry: bare id, collapsed text, authors, categories and links, no trend", () => {
    const batch = buildArxivBatch(feed(entry()));
    expect(batch).toMatchObject({ failures: [], skipped: [] });
    expect(batch.papers).toEqual([
      {
        arxivId: "2407.00011",
        title: "SPRIGHT: A Fast & Robust Framework",
        authors: ["Ada Example", "Ben Sample"],
        abstract: "We consider the problem of computing the Walsh-Hadamard Transform.",
        publishedAt: new Date("2026-07-01T17:59:59Z"),
        categories: ["cs.LG", "eess.SP"],
        pageUrl: "http://arxiv.org/abs/2407.00011v3",
        pdfUrl: "http://arxiv.org/pdf/2407.00011v3",
        codeUrl: null,
        codeStars: null,
        projectUrl: null,
        thumbnailUrl: null,
        aiSummary: null,
        aiKeywords: [],
        commentCount: null,
        trend: null,
      },
    ]);
  });

  it("keeps old-style ids and numeric-looking titles as strings", () => {
    const batch = buildArxivBatch(feed(entry({ id: "<id>http://arxiv.org/abs/math.OC/0601001v2</id>", title: "1984" })));
    expect(batch.papers.map((p) => [p.arxivId, p.title])).toEqual([["math.OC/0601001", "1984"]]);
  });

  it("reports entries without id or title, with a foreign id, or with huge text, and keeps the rest", () => {
    const batch = buildArxivBatch(
      feed(
        [
          entry({ id: "" }),
          entry({ title: "" }),
          entry({ id: "<id>http://example.org/abs/2407.00011</id>" }),
          entry({ title: "T".repeat(1_001) }),
          entry({ extra: `<link href="javascript:alert(1)" rel="alternate"/>` }),
          entry(),
        ].join("\n"),
      ),
    );
    expect(batch.failures).toEqual([
      { item: "entry #1", reason: "id: Invalid input" },
      { item: "entry #2", reason: "title: missing title" },
      { item: "entry #3 http://example.org/abs/2407.00011", reason: "id is not an arXiv abs URL" },
      { item: "entry #4", reason: "title: longer than 1000 characters" },
      { item: "entry #5", reason: expect.stringMatching(/^link\.2\.@href: /) },
    ]);
    expect(batch.papers.map((p) => p.arxivId)).toEqual(["2407.00011"]);
  });

  it("reads a feed with no entries as no papers", () => {
    expect(buildArxivBatch(feed(""))).toEqual({ papers: [], failures: [], skipped: [] });
  });

  it("throws SourceError for XML that is cut off, not a feed, or the API's error feed", () => {
    const full = feed(entry());
    expect(() => buildArxivBatch(full.slice(0, full.length / 2))).toThrow(/^arXiv response is not well-formed XML/);
    expect(() => buildArxivBatch("<html><body>Service unavailable</body></html>")).toThrow("arXiv response is not an Atom feed");
    expect(() => buildArxivBatch("not xml at all")).toThrow(SourceError);
    const apiError = feed(`<entry><id>http://arxiv.org/api/errors#max_results_must_be_non-negative</id><title>Error</title>
      <summary>max_results must be non-negative</summary></entry>`);
    expect(() => buildArxivBatch(apiError)).toThrow("arXiv API refused the query: max_results must be non-negative");
  });
});
