import { ConfigError, loadConfig, type AppConfig } from "../config/env.ts";

/** Entry points start here: a bad environment prints every problem and exits 1 before any connection. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
