import assert from "node:assert/strict";
import { DBM0_PEAK, dbovOf, rmsOfDbov, sinePeak } from "./levels.ts";

Deno.test("0 dBm0 is 3.14 dB below a full-scale sine; dBov follows RFC 3389", () => {
  assert.ok(Math.abs(DBM0_PEAK - 22827) < 1);
  assert.ok(Math.abs(sinePeak(3.14) - 32768) < 1);
  assert.equal(Math.round(rmsOfDbov(0)), 32767);
  assert.ok(Math.abs(rmsOfDbov(-20) - 3276.7) < 0.01);
  // A full-scale sine is -3.01 dBov; a 0 dBm0 sine about -6.15 dBov (RFC 3389: 6.18 for mu-law).
  const sine = (peak: number) =>
    Int16Array.from({ length: 8000 }, (_, n) => Math.round(peak * Math.sin(n * 0.3)));
  assert.ok(Math.abs(dbovOf(sine(32767)) + 3.01) < 0.02);
  assert.ok(Math.abs(dbovOf(sine(DBM0_PEAK)) + 6.15) < 0.02);
  assert.equal(dbovOf(new Int16Array(10)), -Infinity);
});
