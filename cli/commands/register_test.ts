// The registration path end to end from the command line: a store, a client token, a
// white pages server with its registration API, phone register / lookup / unregister.
import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function phone(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { DENO_NO_UPDATE_CHECK: "1", PHONE_CONFIG: "/nonexistent", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** Reads the server's stderr until both listening lines are seen. */
async function urls(stderr: ReadableStream<Uint8Array>): Promise<[string, string]> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stderr) {
    text += decoder.decode(chunk, { stream: true });
    const lookups = /white pages: .* on (http:\S+)/.exec(text);
    const admin = /registration API on (http:\S+)/.exec(text);
    if (lookups && admin) return [lookups[1], admin[1]];
  }
  throw new Error(`the server stopped: ${text}`);
}

Deno.test("register, look up and unregister from the command line, with scoped tokens", async () => {
  const dir = await Deno.makeTempDir({ prefix: "phone-register-" });
  const db = `${dir}/book.db`;
  await Deno.writeTextFile(
    `${dir}/book.txt`,
    "context country=81 area=3 trunk=0 international=010\nprefix 06 iphone://gw/{digits}\n",
  );
  let server: Deno.ChildProcess | undefined;
  try {
    assert.equal((await phone(["directory", "import", `${dir}/book.txt`, "-S", db])).code, 0);
    const op = await phone(["directory", "client", "add", "ops", "--operator", "-S", db]);
    assert.equal(op.code, 0, op.stderr);
    const opToken = op.stdout.trim();
    assert.match(opToken, /^wp_[A-Za-z0-9_-]{40,}$/);
    const alice = await phone(["directory", "client", "add", "alice", "-n", "5734-3299", "-S", db]);
    const aliceToken = alice.stdout.trim();
    const list = await phone(["directory", "client", "list", "-S", db]);
    assert.equal(list.stdout, "alice\tuser\t81357343299\nops\toperator\t-\n");

    server = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "whitepages", "-S", db, "-p", "0", "--admin-port", "0"],
      env: { DENO_NO_UPDATE_CHECK: "1", PHONE_CONFIG: "/nonexistent" },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const [wp, admin] = await urls(server.stderr);
    assert.match(admin, /^http:\/\/127\.0\.0\.1:\d+\/$/);

    const reg = await phone(
      ["register", "03-5734-3299", "iphone://alice.example/0", "-A", admin],
      { PHONE_WHITEPAGES_TOKEN: aliceToken },
    );
    assert.equal(reg.code, 0, reg.stderr);
    assert.equal(reg.stdout, "number 81357343299: (none) -> iphone://alice.example/0\n");
    const found = await phone(["lookup", "5734-3299", "-w", wp]);
    assert.equal(found.stdout.trim(), "iphone://alice.example/0");

    const denied = await phone(
      ["register", "--prefix", "03", "iphone://mallory/{digits}", "-A", admin],
      { PHONE_WHITEPAGES_TOKEN: aliceToken },
    );
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, "phone: 403: only an operator may change prefix templates\n");
    const badToken = await phone([
      "unregister",
      "5734-3299",
      "-A",
      admin,
      "--token",
      "wp_" + "x".repeat(43),
    ]);
    assert.equal(badToken.stderr, "phone: 401: unknown token\n");

    const gone = await phone(["unregister", "5734-3299", "-A", admin], {
      PHONE_WHITEPAGES_TOKEN: opToken,
    });
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal((await phone(["lookup", "5734-3299", "-w", wp])).code, 1);

    const audit = await phone(["directory", "audit", "-S", db]);
    assert.deepEqual(
      audit.stdout.trim().split("\n").map((l) => l.split("\t").slice(1, 4).join(" ")),
      [
        "ops number 81357343299",
        "alice number 81357343299",
        "import:" + dir + "/book.txt prefix 816",
      ],
    );
  } finally {
    if (server) {
      server.kill("SIGTERM");
      await server.status;
      await server.stderr.cancel().catch(() => {});
    }
    await Deno.remove(dir, { recursive: true });
  }
});
