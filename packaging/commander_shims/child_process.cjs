// node:child_process for commander: executable subcommands are not part of the phone.
"use strict";

module.exports = {
  spawn() {
    throw new Error("phone: executable subcommands are not supported");
  },
};
