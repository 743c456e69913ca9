/**
 * `phone config`: the effective settings and where each came from.
 * @module
 */
import type { Command } from "commander";
import { type Config, configPath, envName, type Key, loadConfig, SETTINGS } from "../config.ts";

/** Lines of the `phone config` table. */
export function configLines(config: Config): string[] {
  const keys = Object.keys(SETTINGS) as Key[];
  const width = Math.max(...keys.map((k) => k.length));
  // A secret (the PIN) is never printed, only whether it is set.
  const shown = (k: Key) =>
    JSON.stringify(
      "secret" in SETTINGS[k] && config[k].value ? "***" : config[k].value,
    );
  const valueWidth = Math.max(...keys.map((k) => shown(k).length));
  return [
    `# file: ${configPath()}`,
    ...keys.map((k) =>
      `${k.padEnd(width)} = ${shown(k).padEnd(valueWidth)}  # ${config[k].source}`
    ),
  ];
}

/** Adds `config` to the program. */
export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("show the effective settings and where each came from")
    .option("--keys", "list the settings with their meaning and environment variable")
    .addHelpText(
      "after",
      "\nSettings come from defaults, the config file, PHONE_* environment variables and flags,\n" +
        "each overriding the one before. Examples:\n" +
        "  phone config\n  PHONE_PORT=10010 phone config\n  phone config --keys",
    )
    .action(async (o: { keys?: boolean }) => {
      if (o.keys) {
        for (const [k, s] of Object.entries(SETTINGS)) {
          console.log(
            `${k.padEnd(13)} ${envName(k as Key).padEnd(19)} ${s.help} (default "${s.default}")`,
          );
        }
        return;
      }
      for (const line of configLines(await loadConfig())) console.log(line);
    });
}
