// The jitter buffer's WebAssembly ABI is defined once (codecs-as/jitter/abi.ts, read by both
// sides); this checks the host's tables use every key and field exactly once, and that the
// keys reach the module (a setting out of range is refused, one in range taken).
import assert from "node:assert/strict";
import * as abi from "../../codecs-as/jitter/abi.ts";
import { _abiTables, JitterBuffer } from "./jitter_buffer.ts";

const constants = (prefix: string) =>
  Object.entries(abi).filter(([name]) => name.startsWith(prefix)).map(([, v]) => v as number);

Deno.test("jitter ABI: every stats field is read once, and there are STAT_FIELDS of them", () => {
  const fields = Object.values(_abiTables.stats).sort((a, b) => a - b);
  assert.deepEqual(fields, Array.from({ length: abi.STAT_FIELDS }, (_, i) => i));
  assert.deepEqual(fields, constants("S_").sort((a, b) => a - b));
});

Deno.test("jitter ABI: every setting key is used once by the host", () => {
  const keys = Object.values(_abiTables.settings).sort((a, b) => a - b);
  assert.deepEqual(keys, constants("K_").sort((a, b) => a - b));
  assert.equal(new Set(keys).size, keys.length);
});

Deno.test("jitter ABI: the decision record's fields are distinct and within DECISION_FIELDS", () => {
  const fields = constants("D_");
  assert.equal(new Set(fields).size, fields.length);
  assert.ok(fields.every((f) => f >= 0 && f < abi.DECISION_FIELDS));
});

Deno.test("jitter ABI: settings reach the module under their own keys and ranges", async () => {
  // minDelayMs takes 0..5000 and maxDelayMs 1..10000: swapped keys would flip these outcomes.
  await assert.rejects(JitterBuffer.create({ minDelayMs: 6000 }), /minDelayMs = 6000/);
  (await JitterBuffer.create({ maxDelayMs: 6000 })).close();
  await assert.rejects(JitterBuffer.create({ lateBelief: 2 }), /lateBelief = 2/);
  (await JitterBuffer.create({ lateBelief: 1 })).close();
});
