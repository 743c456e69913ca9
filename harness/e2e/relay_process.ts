/**
 * The impairment relay as its own process, so it can run inside a network namespace:
 * takes the relay's options as one JSON argument, prints `{"type":"ready","address":...}`
 * once listening, and on `exit` (stdin) or end of stdin prints `{"type":"counters",...}`
 * and closes.
 *
 * @example
 * ```sh
 * deno run -A harness/e2e/relay_process.ts \
 *   '{"listen":{"address":"10.99.0.2","port":10010},"target":{"address":"10.99.0.2","port":10000},
 *     "toTarget":{"loss":{"kind":"bernoulli","probability":0.05}},"seed":1}'
 * ```
 * @module
 */
import { ImpairmentRelay, type RelayOptions } from "../netsim/mod.ts";

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error("usage: relay_process.ts '<RelayOptions as JSON>'");
    return 2;
  }
  const options = JSON.parse(args[0]) as RelayOptions;
  const relay = ImpairmentRelay.start(options);
  console.log(JSON.stringify({ type: "ready", address: relay.address }));
  // Stdin closes or says "exit": either way the relay's work is over.
  const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
  for await (const chunk of lines) if (chunk.includes("exit")) break;
  console.log(JSON.stringify({ type: "counters", counters: relay.counters }));
  await relay.close();
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
