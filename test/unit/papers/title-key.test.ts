import { describe, expect, it } from "vitest";
import { buildTitleKey, collapseWhitespace } from "../../../src/papers/title-key.ts";

describe("buildTitleKey", () => {
  it("lower-cases and collapses whitespace, line breaks included", () => {
    expect(buildTitleKey("  Light\n  Schrödinger\tBridge ")).toBe("light schrödinger bridge");
    expect(buildTitleKey("ADAHESSIAN: An Adaptive Second Order Optimizer")).toBe(buildTitleKey("adahessian:  an adaptive second order optimizer"));
  });

  it("treats composed and decomposed accents as the same title", () => {
    expect(buildTitleKey("Schro\u0308dinger")).toBe(buildTitleKey("Schr\u00f6dinger"));
  });

  it("keeps punctuation, which can tell two titles apart", () => {
    expect(buildTitleKey("ANO : Faster is Better in Noisy Landscape")).toBe("ano : faster is better in noisy landscape");
  });
});

describe("collapseWhitespace", () => {
  it("keeps case", () => {
    expect(collapseWhitespace(" A  B\r\nC ")).toBe("A B C");
  });
});
