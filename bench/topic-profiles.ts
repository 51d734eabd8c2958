import { createRandom } from "./random.ts";

const STOPWORDS = new Set(
  ("about above across after again against along among another based being below between both could different during each either " +
    "every first former further given however including into itself large later latter least less many might more most much must " +
    "neither other others over paper propose proposed provide same several should show shows since some such than that their them " +
    "themselves then there these they this those through thus under until upon using various very well were what when where whether " +
    "which while whose with within without work would also been have from only our your can its may not are was has had the and for " +
    "new two three one results method methods approach approaches existing recent recently significantly furthermore specifically").split(" "),
);

/**
 * `count` distinct topic profiles drawn from words and two-word phrases that really occur in the
 * given abstracts, at document frequencies where matching is neither empty nor everything. One
 * profile has no topics (the general list) and about 2% name words no paper has (the fallback
 * with its note). Deterministic for a seed.
 */
export function buildTopicProfiles(abstracts: readonly string[], count: number, seed: number): string[][] {
  const docs = abstracts.map((a) => a.toLowerCase().match(/[a-z][a-z-]+/g) ?? []);
  const wordDf = new Map<string, number>();
  const phraseDf = new Map<string, number>();
  for (const words of docs) {
    const seenWords = new Set<string>();
    const seenPhrases = new Set<string>();
    words.forEach((w, i) => {
      if (w.length < 5 || STOPWORDS.has(w)) return;
      seenWords.add(w);
      const next = words[i + 1];
      if (next && next.length >= 4 && !STOPWORDS.has(next)) seenPhrases.add(`${w} ${next}`);
    });
    for (const w of seenWords) wordDf.set(w, (wordDf.get(w) ?? 0) + 1);
    for (const p of seenPhrases) phraseDf.set(p, (phraseDf.get(p) ?? 0) + 1);
  }
  const n = docs.length;
  const words = [...wordDf].filter(([, df]) => df >= Math.max(2, n * 0.005) && df <= n * 0.3).map(([w]) => w).sort();
  const phrases = [...phraseDf].filter(([, df]) => df >= 3 && df <= n * 0.2).map(([p]) => p).sort();
  if (words.length < 20) throw new Error(`only ${words.length} topic words found in ${n} abstracts`);

  const random = createRandom(seed);
  const profiles: string[][] = [[]];
  const keys = new Set([""]);
  let attempts = 0;
  while (profiles.length < count) {
    if (++attempts > count * 100) throw new Error(`could not build ${count} distinct profiles from ${words.length} words`);
    const topics = random.next() < 0.02
      ? [`unmatched${random.int(0, 1_000_000)}`]
      : Array.from({ length: random.int(1, 3) }, () => (random.next() < 0.3 && phrases.length > 0 ? random.pick(phrases) : random.pick(words)));
    const key = [...new Set(topics)].sort().join("|");
    if (keys.has(key)) continue;
    keys.add(key);
    profiles.push([...new Set(topics)]);
  }
  return profiles;
}
