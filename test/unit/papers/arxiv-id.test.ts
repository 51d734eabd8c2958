import { describe, expect, it } from "vitest";
import { parseArxivId } from "../../../src/papers/arxiv-id.ts";

describe("parseArxivId", () => {
  it.each([
    ["2306.12345", "2306.12345"],
    ["2306.12345v2", "2306.12345"],
    ["0706.0001", "0706.0001"],
    ["http://arxiv.org/abs/2306.12345v12", "2306.12345"],
    ["https://arxiv.org/abs/2306.1234", "2306.1234"],
    ["http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"],
    ["math.OC/0601001", "math.OC/0601001"],
  ])("%s is %s", (raw, id) => {
    expect(parseArxivId(raw)).toBe(id);
  });

  it.each(["", "v2", "2306", "2306.123", "../../etc/passwd", "http://example.org/abs/2306.12345", "2306.12345 OR 1=1"])(
    "%j is not an arXiv id",
    (raw) => {
      expect(parseArxivId(raw)).toBeNull();
    },
  );
});
