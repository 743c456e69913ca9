import assert from "node:assert/strict";
import { numberOption, parseBenchArgs, stringOption } from "./options.ts";

const spec = {
  seconds: numberOption(60, 1, 3600),
  gain: numberOption(1, 0, 4, false),
  only: stringOption("", ["", "sip", "notasip"]),
};

Deno.test("bench options: defaults, values, and both --name value and --name=value", () => {
  assert.deepEqual(parseBenchArgs("x", [], spec), { seconds: 60, gain: 1, only: "" });
  assert.deepEqual(parseBenchArgs("x", ["--seconds", "5", "--gain=0.5", "--only", "sip"], spec), {
    seconds: 5,
    gain: 0.5,
    only: "sip",
  });
});

Deno.test("bench options: a bad option is one clear error with the usage", () => {
  assert.throws(
    () => parseBenchArgs("x", ["--secs", "5"], spec),
    /Unknown option '--secs'[\s\S]*usage: deno task bench x/,
  );
  assert.throws(
    () => parseBenchArgs("x", ["--seconds", "0"], spec),
    /--seconds takes a whole number 1\.\.3600, not "0"/,
  );
  assert.throws(() => parseBenchArgs("x", ["--seconds", "2.5"], spec), /whole number/);
  assert.throws(() => parseBenchArgs("x", ["--only", "h323"], spec), /--only is one of/);
  assert.throws(() => parseBenchArgs("x", ["stray"], spec), /usage/);
});

Deno.test("bench options: --vectors sets where the vectors are read from", () => {
  const before = Deno.env.get("CONFORMANCE_VECTORS");
  try {
    parseBenchArgs("x", ["--vectors", "/tmp/somewhere"], spec);
    assert.equal(Deno.env.get("CONFORMANCE_VECTORS"), "/tmp/somewhere");
  } finally {
    if (before === undefined) Deno.env.delete("CONFORMANCE_VECTORS");
    else Deno.env.set("CONFORMANCE_VECTORS", before);
  }
});
