/**
 * `deno task bench NAME [ARGS...]`: runs `bench/NAME.ts` (which exports `run(args)`).
 * `deno task bench` alone lists the benchmarks.
 * @module
 */
const here = new URL("./", import.meta.url);

// A benchmark is a module here that exports `run`; the others are its helpers.
async function available(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(here)) {
    if (!e.isFile || !e.name.endsWith(".ts") || e.name.endsWith("_test.ts")) continue;
    const text = await Deno.readTextFile(new URL(e.name, here));
    if (/^export (async )?function run\(/m.test(text)) names.push(e.name.slice(0, -3));
  }
  return names.sort();
}

const [name, ...args] = Deno.args;
const names = await available();
if (!name || !names.includes(name)) {
  if (name) console.error(`unknown benchmark "${name}"`);
  console.error(`usage: deno task bench NAME\nbenchmarks: ${names.join(", ")}`);
  Deno.exit(name ? 1 : 0);
}
const bench = await import(new URL(`${name}.ts`, here).href);
try {
  await bench.run(args);
} catch (e) {
  console.error(`bench ${name}: ${(e as Error).message}`);
  Deno.exit(1);
}
