import assert from "node:assert/strict";
import {
  asBool,
  asInt,
  asList,
  configPath,
  envName,
  loadConfig,
  parseConfigFile,
} from "./config.ts";
import { UsageError } from "./errors.ts";

function envOf(vars: Record<string, string>) {
  return (name: string) => vars[name];
}

Deno.test("the config file follows XDG, or PHONE_CONFIG", () => {
  assert.equal(configPath(envOf({ HOME: "/h" })), "/h/.config/simple-internet-phone/config");
  assert.equal(
    configPath(envOf({ HOME: "/h", XDG_CONFIG_HOME: "/x" })),
    "/x/simple-internet-phone/config",
  );
  assert.equal(configPath(envOf({ PHONE_CONFIG: "/etc/p" })), "/etc/p");
});

Deno.test("defaults, file, environment and flags override in that order, with sources", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/config`;
  await Deno.writeTextFile(
    file,
    "# my phone\nport = 10010\njitter-max=300 # ms\nauto-answer = yes\n",
  );
  const config = await loadConfig(
    { "jitter-max": "150" },
    envOf({ PHONE_CONFIG: file, PHONE_PORT: "10020", PHONE_CODECS: "pcma, pcmu" }),
  );
  assert.deepEqual(config.port, { value: "10020", source: "env PHONE_PORT" });
  assert.deepEqual(config["jitter-max"], { value: "150", source: "flag" });
  assert.deepEqual(config["auto-answer"], { value: "yes", source: `${file}:4` });
  assert.deepEqual(config.tos, { value: "184", source: "default" });
  assert.equal(asInt(config, "port"), 10020);
  assert.equal(asBool(config, "auto-answer"), true);
  assert.deepEqual(asList(config, "codecs"), ["pcma", "pcmu"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bad settings name the file and line, or the variable, or the flag", async () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => parseConfigFile("port = 10000\nport 5\n", "f"),
      /^f:2: expected "key = value", got "port 5"$/,
    ],
    [() => parseConfigFile("volume = 3", "f"), /^f:1: unknown setting "volume"/],
    [
      () => parseConfigFile("port = 70000", "f"),
      /^f:1: port must be a whole number from 1 to 65535, not "70000"$/,
    ],
    [() => parseConfigFile("auto-answer = maybe", "f"), /^f:1: auto-answer must be true or false/],
    [() => parseConfigFile("family = 5", "f"), /^f:1: family must be one of any, 4, 6, not "5"$/],
  ];
  for (const [run, pattern] of cases) {
    assert.throws(run, (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  }
  await assert.rejects(
    () => loadConfig({}, envOf({ PHONE_CONFIG: "/nonexistent", PHONE_TOS: "x" })),
    /PHONE_TOS: tos must be a whole number/,
  );
  await assert.rejects(
    () => loadConfig({ port: "0" }, envOf({ PHONE_CONFIG: "/nonexistent" })),
    /--port: port must/,
  );
});

Deno.test("environment names are derived from keys", () => {
  assert.equal(envName("jitter-max"), "PHONE_JITTER_MAX");
});
