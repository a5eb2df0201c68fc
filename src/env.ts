import { existsSync } from "node:fs";

/** Entry points call this first: variables already set in the environment win over `.env`. */
export function loadDotEnv(file = ".env"): void {
  process.env.DOTENV_CONFIG_QUIET = "true";
  if (existsSync(file)) process.loadEnvFile(file);
}
