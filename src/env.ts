import { existsSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "./config.ts";

/** Entry points call this first: variables already set in the environment win over `.env`. */
export function loadDotEnv(file = ".env"): void {
  process.env.DOTENV_CONFIG_QUIET = "true";
  if (existsSync(file)) process.loadEnvFile(file);
}

/** The configuration of an entry point; a wrong setting ends the process with one line per problem. */
export function configFromEnvironment(): Config {
  loadDotEnv();
  try {
    return loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
