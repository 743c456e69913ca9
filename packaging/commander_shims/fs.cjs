// node:fs for commander: what it calls to find executable subcommands.
"use strict";

function existsSync(path) {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

module.exports = { existsSync, realpathSync: (path) => Deno.realPathSync(path) };
