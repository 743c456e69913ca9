import assert from "node:assert/strict";
import { dialComplete, interpretDialed } from "./dial_plan.ts";

Deno.test("dial plan: *a*b*c*d# is an IPv4 address", () => {
  assert.deepEqual(interpretDialed("*192*0*2*7#"), { kind: "address", address: "192.0.2.7" });
  assert.deepEqual(interpretDialed("*10*0*0*01"), { kind: "address", address: "10.0.0.1" });
});

Deno.test("dial plan: a malformed address says so", () => {
  for (const bad of ["*192*0*2#", "*192*0*2*256#", "*1**2*3#", "*1*2*3*4*5#", "*#"]) {
    const t = interpretDialed(bad);
    assert.equal(t.kind, "invalid", bad);
  }
});

Deno.test("dial plan: one or two digits are a quick dial, longer a number", () => {
  assert.deepEqual(interpretDialed("7"), { kind: "quick", key: "7" });
  assert.deepEqual(interpretDialed("12#"), { kind: "quick", key: "12" });
  assert.deepEqual(interpretDialed("123"), { kind: "number", number: "123" });
  assert.deepEqual(interpretDialed("0357343299#"), { kind: "number", number: "0357343299" });
});

Deno.test("dial plan: stray * or # in a number, or nothing, is invalid", () => {
  assert.equal(interpretDialed("12*34").kind, "invalid");
  assert.equal(interpretDialed("#").kind, "invalid");
  assert.equal(interpretDialed("").kind, "invalid");
});

Deno.test("dial plan: # completes dialing", () => {
  assert.equal(dialComplete("123#"), true);
  assert.equal(dialComplete("*1*2"), false);
});
