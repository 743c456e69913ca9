import assert from "node:assert/strict";
import { RefusalLog } from "./refusal_log.ts";

const at = (i: number) => ({ address: `192.0.2.${i}`, port: 40000 + i });

Deno.test("each caller is told once per perCallerMs; repeats are counted and summarised", () => {
  const log = new RefusalLog({ perCallerMs: 10_000, maxReports: 6, windowMs: 60_000 });
  assert.deepEqual(log.refused(at(1), 0), at(1));
  assert.equal(log.refused(at(1), 1_000), undefined);
  assert.equal(log.refused({ ...at(1), port: 1 }, 2_000), undefined); // a caller is its address
  assert.deepEqual(log.refused(at(2), 3_000), at(2));
  assert.deepEqual(log.refused(at(1), 10_000), at(1)); // told again after perCallerMs
  assert.equal(log.flush(59_999), undefined);
  assert.deepEqual(log.flush(60_000), { count: 2, callers: 1, ms: 60_000 });
  assert.equal(log.flush(200_000), undefined); // nothing since
});

Deno.test("a flood from forged sources: at most maxReports told a window, the rest in one summary", () => {
  const log = new RefusalLog({ perCallerMs: 10_000, maxReports: 6, windowMs: 60_000 });
  let told = 0;
  const summaries = [];
  for (let t = 0; t < 600_000; t += 1000) { // one refusal a second (the callee's hold) for 10 min
    const s = log.flush(t);
    if (s) summaries.push(s);
    if (log.refused(at(t / 1000), t)) told++;
  }
  assert.equal(told, 60); // 6 a minute
  assert.equal(summaries.length, 9);
  assert.ok(summaries.every((s) => s.count === 54 && s.callers === 54), JSON.stringify(summaries));
});

Deno.test("an empty window gives no summary", () => {
  const log = new RefusalLog();
  assert.equal(log.flush(1e9), undefined);
  log.refused(at(1), 0);
  assert.equal(log.flush(60_000), undefined); // told, nothing left to summarise
});
