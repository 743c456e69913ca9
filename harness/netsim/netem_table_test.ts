import assert from "node:assert/strict";
import { findDistFile, loadDistTable, NETEM_DIST_SCALE, parseDistTable } from "./netem_table.ts";

Deno.test("parseDistTable reads values across lines and skips comments", () => {
  const t = parseDistTable("# a table\n -3 4\n\t5 # trailing\n+6\n", "mine");
  assert.deepEqual([...t.values], [-3, 4, 5, 6]);
  assert.equal(t.source, "mine");
});

Deno.test("parseDistTable rejects bad tables, naming file and line", () => {
  assert.throws(
    () => parseDistTable("1 2\n3 x4\n", "t.dist"),
    /t.dist line 2: "x4" is not a 16-bit/,
  );
  assert.throws(() => parseDistTable("40000\n", "t.dist"), /"40000" is not a 16-bit/);
  assert.throws(() => parseDistTable("# nothing\n", "t.dist"), /t.dist has no values/);
  assert.throws(
    () => parseDistTable("1 ".repeat(16385), "big"),
    /16385 values, more than netem's 16384/,
  );
});

Deno.test("loadDistTable reads a file by path and fails clearly when missing", () => {
  const path = Deno.makeTempFileSync({ suffix: ".dist" });
  try {
    Deno.writeTextFileSync(path, "1 2 3\n");
    assert.deepEqual([...loadDistTable(path).values], [1, 2, 3]);
  } finally {
    Deno.removeSync(path);
  }
  assert.throws(
    () => loadDistTable("no-such-table"),
    /"no-such-table.dist" not found in .* \(install iproute2\)/,
  );
  assert.throws(() => loadDistTable("/nonexistent/x.dist"), /cannot read \/nonexistent\/x.dist/);
});

Deno.test("iproute2's normal.dist is installed and is a unit normal in 1/8192 units", () => {
  const path = findDistFile("normal");
  assert.ok(path, "normal.dist not found: install iproute2 (apt-get install -y iproute2)");
  const { values } = loadDistTable("normal");
  assert.equal(values.length, 4096);
  let sum = 0, sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / values.length;
  const sd = Math.sqrt(sumSq / values.length - mean * mean);
  assert.ok(Math.abs(mean) < 0.01 * NETEM_DIST_SCALE, `mean ${mean}`);
  assert.ok(Math.abs(sd / NETEM_DIST_SCALE - 1) < 0.03, `sd ${sd / NETEM_DIST_SCALE}`);
  assert.ok(values.every((v, i) => i === 0 || v >= values[i - 1]), "sorted ascending");
});
