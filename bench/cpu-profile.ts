import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Functions whose inclusive time tells where a batch goes (the send path, top to bottom). */
const STAGES = [
  "handleSendBatch", "handlePlanEdition", "assign", "prepareContent", "composeDigest", "mjml2html", "buildMessageTemplate",
  "sendWave", "personaliseMessage", "buildReaderLinks", "submitRaw", "claimWave", "recordOutcomes", "loadQueuedDeliveries",
];

/**
 * Reads every .cpuprofile in `dir` (one per worker, written by `node --cpu-prof` at exit) and
 * prints where the CPU went: by package or source file (self time), the top functions, and the
 * inclusive time of the send path's stages. Idle time is left out of the percentages.
 */
export async function summariseCpuProfiles(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  const self = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let used = 0;
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), "utf8")) as CpuProfile;
    // tsx's module hooks run on a thread of their own, which gets a profile too: skip it.
    if (!profile.nodes.some((node) => node.callFrame.url.endsWith("/workers/digest.ts"))) continue;
    used++;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const node = nodes.get(id)!;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === "(idle)") return;
      busy += ms;
      const key = `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      byGroup.set(groupOf(functionName, url), (byGroup.get(groupOf(functionName, url)) ?? 0) + ms);
      // Inclusive time: count each stage once per sample, however deep it recurses.
      const stagesHere = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const name = nodes.get(at)!.callFrame.functionName;
        if (STAGES.includes(name)) stagesHere.add(name);
      }
      for (const stage of stagesHere) inclusive.set(stage, (inclusive.get(stage) ?? 0) + ms);
    });
  }
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `CPU profile of ${used} worker process(es): ${(busy / 1000).toFixed(1)} s busy (${dir})`,
    "  by package / file (self time):",
    ...top(byGroup, 14).map(([k, ms]) => `    ${pct(ms)}  ${k}`),
    "  top functions (self time):",
    ...top(self, 20).map(([k, ms]) => `    ${pct(ms)}  ${k}`),
    "  send path stages (inclusive):",
    ...STAGES.filter((s) => inclusive.has(s)).map((s) => `    ${pct(inclusive.get(s)!)}  ${s}`),
  ].join("\n");
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + 14);
  const src = url.search(/\/(src|workers|bench)\//);
  return src >= 0 ? url.slice(src + 1) : url;
}

function groupOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf("/node_modules/")));
  if (match) return match[1]!;
  if (url.startsWith("node:")) return "node internals";
  return shortUrl(url).replace(/^file:\/\//, "");
}
