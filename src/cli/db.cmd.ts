import { Command } from "commander";
import { loadConfig } from "../config/env.ts";
import { migrate } from "../db/migrate.ts";

/** `paperwire db migrate`: applies pending migrations. */
export function dbCommand(): Command {
  const db = new Command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations from prisma/migrations (a no-op when up to date)")
    .action(async () => {
      const config = loadConfig(process.env);
      const result = await migrate(config.databaseUrl);
      console.log(
        result.applied.length
          ? `Applied ${result.applied.length} migration(s): ${result.applied.join(", ")}`
          : `Database is up to date (${result.alreadyApplied} migration(s) applied before).`,
      );
    });
  return db;
}
