/**
 * `deno task bench radius`: RADIUS round trips per second against a real FreeRADIUS (started on
 * loopback), the project's client beside FreeRADIUS's own `radclient` sending the same
 * Access-Requests (with Message-Authenticator) and Accounting-Requests, with the same number in
 * flight, in the same run. Figures on a shared, loaded machine: compare the ratio, not the
 * absolute rates.
 * @module
 */

import { startFreeRadius } from "../harness/radius/freeradius.ts";
import {
  AcctStatusType,
  Attribute,
  integerAttribute,
  RadiusClient,
  textAttribute,
} from "../runtime/radius/mod.ts";
import { numberOption, parseBenchArgs } from "./options.ts";
import { printTable } from "./report.ts";

const SECRET = "bench-secret";

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs("radius", args, {
    requests: numberOption(3000, 100, 1_000_000),
    parallel: numberOption(32, 1, 255),
  });
  await using server = await startFreeRadius({
    secret: SECRET,
    users: [{ id: "4712", pin: "1234" }],
  });
  const rows: (string | number)[][] = [];
  for (const kind of ["auth", "acct"] as const) {
    const port = kind === "auth" ? server.authPort : server.acctPort;
    const ours = await ownRate(port, kind, o.requests, o.parallel);
    const native = await radclientRate(port, kind, o.requests, o.parallel);
    rows.push([
      kind === "auth" ? "Access-Request" : "Accounting-Request",
      ours.toFixed(0),
      native.toFixed(0),
      (ours / native).toFixed(2),
    ]);
  }
  console.log(
    `${o.requests} requests, ${o.parallel} in flight, FreeRADIUS 3.2 on loopback (machine shared and loaded)`,
  );
  printTable(["request", "ours /s", "radclient /s", "ours / radclient"], rows);
}

async function ownRate(port: number, kind: "auth" | "acct", n: number, parallel: number) {
  await using client = RadiusClient.open({
    servers: [{ address: "127.0.0.1", port, secret: SECRET }],
    timeoutMs: 2000,
    deadlineMs: 20000,
  });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const out = kind === "auth"
        ? await client.authenticate([textAttribute(Attribute.UserName, "4712")], "1234")
        : await client.account([
          integerAttribute(Attribute.AcctStatusType, AcctStatusType.InterimUpdate),
          textAttribute(Attribute.AcctSessionId, `bench-${i}`),
        ]);
      if (!out.ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (failed) throw new Error(`${failed} of ${n} requests got no answer`);
  return n / seconds;
}

async function radclientRate(port: number, kind: "auth" | "acct", n: number, parallel: number) {
  const dir = await Deno.makeTempDir({ prefix: "sip-bench-radius-" });
  const line = kind === "auth"
    ? 'User-Name = "4712", User-Password = "1234", Message-Authenticator = 0x00'
    : 'Acct-Status-Type = Interim-Update, Acct-Session-Id = "bench-native"';
  await Deno.writeTextFile(`${dir}/requests`, line + "\n");
  const started = performance.now();
  const out = await new Deno.Command("radclient", {
    args: [
      "-q",
      "-c",
      String(n),
      "-p",
      String(parallel),
      "-r",
      "3",
      "-t",
      "2",
      "-f",
      `${dir}/requests`,
      `127.0.0.1:${port}`,
      kind,
      SECRET,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  await Deno.remove(dir, { recursive: true });
  if (!out.success) {
    throw new Error(`radclient failed: ${new TextDecoder().decode(out.stderr).slice(0, 500)}`);
  }
  return n / seconds;
}
