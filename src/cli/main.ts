import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.ts";
import { AppError } from "../lib/errors.ts";
import { servicesCommand } from "./services.cmd.ts";
import { dbCommand } from "./db.cmd.ts";
import { configCommand } from "./config.cmd.ts";
import { subscribersCommand } from "./subscribers.cmd.ts";
import { importCommand } from "./import.cmd.ts";
import { digestCommand } from "./digest.cmd.ts";
import { upCommand } from "./up.cmd.ts";
import { statusCommand } from "./status.cmd.ts";

// The one `paperwire` command. Each subcommand lives in its own *.cmd.ts file.
const program = new Command("paperwire")
  .description("An email digest of trending research papers.")
  .showHelpAfterError()
  .exitOverride();

program.addCommand(upCommand());
program.addCommand(servicesCommand());
program.addCommand(dbCommand());
program.addCommand(configCommand());
program.addCommand(subscribersCommand());
program.addCommand(importCommand());
program.addCommand(digestCommand());
program.addCommand(statusCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof AppError) {
    console.error(`paperwire: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
}
