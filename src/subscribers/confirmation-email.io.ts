import { readFile } from "node:fs/promises";
import path from "node:path";
import { compileMjmlTemplate, fillTemplate } from "../mail/mjml.ts";

const TEMPLATES_DIR = path.resolve(import.meta.dirname, "../../templates");
const TEMPLATE_FILE = path.join(TEMPLATES_DIR, "confirmation.mjml");

export const CONFIRMATION_SUBJECT = "Confirm your paperwire subscription";

/**
 * The confirmation email's HTML and plain-text parts. Compiled on every call: confirmations are
 * few, and a template edited on disk takes effect without a restart.
 */
export async function renderConfirmationEmail(values: { confirmUrl: string; ttlHours: number; postalAddress: string }): Promise<{ html: string; text: string }> {
  const template = await compileMjmlTemplate(await readFile(TEMPLATE_FILE, "utf8"), { filePath: TEMPLATE_FILE, includeDir: TEMPLATES_DIR });
  return fillTemplate(template, { confirmUrl: values.confirmUrl, ttlHours: String(values.ttlHours), postalAddress: values.postalAddress });
}
