import { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../config/env.ts";
import { createDb } from "../db/client.ts";
import { systemClock } from "../lib/clock.ts";
import { loadDigestTemplates } from "../mail/digest-templates.io.ts";
import { createDigestRenderer } from "../mail/digest-renderer.ts";
import { normaliseEmailAddress } from "../subscribers/email-address.ts";
import { buildReaderPreview } from "../digest/preview.repo.ts";

/** `paperwire digest preview --email <addr>`: writes what that reader would get, sends nothing. */
export function digestPreviewCommand(): Command {
  return new Command("preview")
    .description("write the exact HTML, text and .eml a reader would get (nothing is sent or recorded)")
    .requiredOption("--email <address>", "the subscriber's address")
    .option("--date <YYYY-MM-DD>", "edition date (default: the reader's local today)")
    .option("--out <dir>", "where to write preview.html, preview.txt and preview.eml", ".")
    .action(async (options: { email: string; date?: string; out: string }) => {
      const address = normaliseEmailAddress(options.email);
      if (!address.ok) throw new Error(address.problem);
      const config = loadConfig(process.env);
      const db = createDb(config.databaseUrl, { poolSize: 2 });
      try {
        const preview = await buildReaderPreview(db, address.address, options.date, { config, renderer: createDigestRenderer(await loadDigestTemplates()), clock: systemClock });
        if (preview.kind === "skipped") {
          console.log(`No email for this reader in the edition of ${preview.editionDate}: ${preview.reason}.`);
          return;
        }
        await mkdir(options.out, { recursive: true });
        const files = { "preview.html": preview.html, "preview.txt": preview.text, "preview.eml": preview.eml };
        for (const [name, content] of Object.entries(files)) await writeFile(path.join(options.out, name), content);
        console.log(`Edition ${preview.editionDate} (${preview.format}): "${preview.subject}"`);
        console.log(`Wrote ${Object.keys(files).map((f) => path.join(options.out, f)).join(", ")} (${preview.eml.length} bytes on the wire).`);
      } finally {
        await db.$disconnect();
      }
    });
}
