// node:process for commander, on Deno's own APIs.
"use strict";

const encoder = new TextEncoder();

// Like Node's streams, a reader that went away (`phone --help | head -1`) is no error.
function writeAll(file, text) {
  const bytes = encoder.encode(String(text));
  let done = 0;
  try {
    while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
  } catch (e) {
    if (e instanceof Deno.errors.BrokenPipe) return false;
    throw e;
  }
  return true;
}

function stream(file) {
  return {
    write: (text) => writeAll(file, text),
    get isTTY() {
      return file.isTerminal();
    },
    get columns() {
      if (!file.isTerminal()) return undefined;
      try {
        return Deno.consoleSize().columns;
      } catch {
        return undefined;
      }
    },
    hasColors: () => file.isTerminal(),
  };
}

const process = {
  get argv() {
    return [Deno.execPath(), Deno.mainModule, ...Deno.args];
  },
  execArgv: [],
  get execPath() {
    return Deno.execPath();
  },
  get env() {
    return Deno.env.toObject();
  },
  platform: Deno.build.os === "windows" ? "win32" : Deno.build.os,
  versions: {},
  defaultApp: undefined,
  exit: (code) => Deno.exit(code ?? Deno.exitCode),
  get exitCode() {
    return Deno.exitCode;
  },
  set exitCode(code) {
    Deno.exitCode = code ?? 0;
  },
  on: () => process,
  stdout: stream(Deno.stdout),
  stderr: stream(Deno.stderr),
};

module.exports = process;
module.exports.default = process;
