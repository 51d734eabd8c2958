import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.ts";
import { AppError } from "../lib/errors.ts";
import { servicesCommand } from "./services.cmd.ts";
import { dbCommand } from "./db.cmd.ts";
import { configCommand } from "./config.cmd.ts";

// The one `paperwire` command. Each subcommand lives in its own *.cmd.ts file.
const program = new Command("paperwire")
  .description("An email digest of trending research papers.")
  .showHelpAfterError()
  .exitOverride();

program.addCommand(servicesCommand());
program.addCommand(dbCommand());
program.addCommand(configCommand());

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
