// The DTMF detector's WebAssembly ABI is defined once (codecs-as/dtmf/abi.ts, read by both
// sides); this checks the host uses every setting key once and that keys reach the module.
import assert from "node:assert/strict";
import * as abi from "../../codecs-as/dtmf/abi.ts";
import { _abiTables, DtmfDetector } from "./dtmf_detector.ts";

Deno.test("dtmf ABI: every setting key is used once by the host", () => {
  const keys = Object.values(_abiTables.settings).sort((a, b) => a - b);
  const defined = Object.entries(abi).filter(([n]) => n.startsWith("K_")).map(([, v]) => v);
  assert.deepEqual(keys, defined.sort((a, b) => a - b));
  assert.equal(new Set(keys).size, keys.length);
  assert.notEqual(abi.EVENT_START, abi.EVENT_END);
});

Deno.test("dtmf ABI: settings reach the module under their own keys and ranges", async () => {
  // minLevelDbm0 takes -80..10 and maxHighOverLowDb 0..40: swapped keys would flip these.
  await assert.rejects(DtmfDetector.create({ minLevelDbm0: -90 }), /minLevelDbm0/);
  (await DtmfDetector.create({ maxHighOverLowDb: 30 })).close();
});
