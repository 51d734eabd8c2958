// Prisma 7 reads the connection from here, not from the schema. Only `prisma generate` runs here
// (migrations are applied by src/db/migrate.ts), and it needs no live database.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://paperwire@127.0.0.1:54329/paperwire" },
});
