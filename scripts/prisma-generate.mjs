// Generates the Prisma client after every install. Prisma 7's CLI insists on a downloaded
// schema-engine binary even for `generate`, which never executes it; naming any existing file
// satisfies the check without a download (see ../shared/docs/environment.md).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false";
if (!existsSync(engine)) throw new Error(`PRISMA_SCHEMA_ENGINE_BINARY names a missing file: ${engine}`);
execFileSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
