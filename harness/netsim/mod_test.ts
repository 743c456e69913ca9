import assert from "node:assert/strict";
import * as netsim from "./mod.ts";

Deno.test("netsim mod exports the simulation API", () => {
  for (
    const name of [
      "ImpairmentRelay",
      "Impairment",
      "LossProcess",
      "Prng",
      "DelayLine",
      "PreciseTimer",
      "loadDistTable",
      "delaySampler",
    ]
  ) {
    assert.ok(name in netsim, `${name} is exported`);
  }
});
