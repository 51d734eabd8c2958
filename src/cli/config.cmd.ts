import { Command } from "commander";
import { loadConfig, type AppConfig } from "../config/env.ts";

const SECRET_KEYS = new Set<keyof AppConfig>(["appSecret", "adminToken"]);

// Credentials inside URLs are masked too.
function mask(key: keyof AppConfig, value: unknown): string {
  if (value === undefined) return "(unset)";
  if (SECRET_KEYS.has(key)) return "********";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.replace(/(\/\/[^:/@]+:)[^@]+@/, "$1********@");
}

/** `paperwire config`: the effective configuration, secrets masked. */
export function configCommand(): Command {
  return new Command("config").description("print the effective configuration (secrets masked)").action(() => {
    const config = loadConfig(process.env);
    for (const [key, value] of Object.entries(config)) console.log(`${key.padEnd(22)} ${mask(key as keyof AppConfig, value)}`);
  });
}
