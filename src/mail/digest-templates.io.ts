import { readFile } from "node:fs/promises";
import path from "node:path";

/** The digest's MJML and text templates, read once per process. */
export type DigestTemplates = Readonly<{
  layoutMjml: string;
  headerMjml: string;
  cardMjml: string;
  footerMjml: string;
  layoutText: string;
  cardText: string;
}>;

const DIR = path.resolve(import.meta.dirname, "../../templates/digest");

export async function loadDigestTemplates(dir: string = DIR): Promise<DigestTemplates> {
  const read = (name: string) => readFile(path.join(dir, name), "utf8");
  const [layoutMjml, headerMjml, cardMjml, footerMjml, layoutText, cardText] = await Promise.all(
    ["layout.mjml", "header.mjml", "paper-card.mjml", "footer.mjml", "layout.txt", "paper-card.txt"].map(read),
  );
  return Object.freeze({ layoutMjml: layoutMjml!, headerMjml: headerMjml!, cardMjml: cardMjml!, footerMjml: footerMjml!, layoutText: layoutText!, cardText: cardText! });
}
