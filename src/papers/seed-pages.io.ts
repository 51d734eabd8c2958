import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PaperSource } from "./incoming-paper.ts";
import { buildSeedBatch } from "./seed-page.ts";

/** The captured Daily Papers pages shipped with the repository (sample data for local runs). */
export const SEED_PAGES_DIR = path.resolve(import.meta.dirname, "../../prisma/seed/pages");

/**
 * One source per `*.txt` page in `dir`, in file-name order. Yearless page dates resolve against
 * `reference` (the most recent such day on or before it).
 */
export async function loadSeedPageSources(dir: string, reference: Date): Promise<PaperSource[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".txt")).sort();
  return names.map((name) => ({
    kind: "seed",
    target: name,
    async load() {
      return buildSeedBatch(name, await readFile(path.join(dir, name), "utf8"), reference);
    },
  }));
}
