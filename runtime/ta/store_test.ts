import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SCHEMA_VERSION, TaStore } from "./store.ts";
import { DEFAULT_SETTINGS } from "./settings.ts";

Deno.test("store: settings, phone book and history survive closing and reopening", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/ta.sqlite`;
    let store = TaStore.open(path);
    assert.deepEqual(store.settings(), DEFAULT_SETTINGS);
    store.saveSettings({ ...DEFAULT_SETTINGS, toneCountry: "jp", jitterMaxMs: 180 });
    const id = store.addEntry({ name: "Bob", number: "555-0107", quick: "2", url: "iphone://b" });
    assert.throws(
      () => store.addEntry({ name: "Eve", number: "", quick: "2", url: "iphone://e" }),
      /quick dial 2 is already taken/,
    );
    store.addCall({
      startedAt: 1,
      endedAt: 2,
      direction: "out",
      peer: "iphone://b",
      dialed: "2#",
      codec: "pcmu",
      result: "answered",
      talkSeconds: 1,
    });
    store.close();
    store = TaStore.open(path);
    assert.equal(store.settings().toneCountry, "jp");
    assert.equal(store.settings().jitterMaxMs, 180);
    assert.deepEqual(store.phoneBook().map((e) => [e.id, e.name]), [[id, "Bob"]]);
    assert.equal(store.calls()[0].result, "answered");
    assert.equal(store.removeEntry(id), true);
    assert.equal(store.integrity(), "ok");
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: a version-1 file is migrated, keeping its data; a newer one is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/ta.sqlite`;
    // A file as the first release wrote it.
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE phone_book (id INTEGER PRIMARY KEY, name TEXT NOT NULL, number TEXT NOT NULL,
        quick TEXT NOT NULL, url TEXT NOT NULL);
      CREATE TABLE calls (id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL, direction TEXT NOT NULL, peer TEXT NOT NULL,
        dialed TEXT NOT NULL, codec TEXT NOT NULL, result TEXT NOT NULL);
      CREATE TABLE admin (id INTEGER PRIMARY KEY CHECK (id = 1), password_hash TEXT NOT NULL);
      CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL,
        expires_at INTEGER NOT NULL);
      INSERT INTO settings VALUES ('toneCountry', '"uk"');
      INSERT INTO calls (started_at, ended_at, direction, peer, dialed, codec, result)
        VALUES (1, 2, 'in', '192.0.2.1:5000', '', 'pcma', 'answered');
      PRAGMA user_version = 1;`);
    old.close();
    const store = TaStore.open(path);
    assert.equal(store.version, SCHEMA_VERSION);
    assert.equal(store.settings().toneCountry, "uk");
    assert.deepEqual(store.calls().map((c) => [c.codec, c.talkSeconds]), [["pcma", 0]]);
    store.close();
    const newer = new DatabaseSync(path);
    newer.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    assert.throws(() => TaStore.open(path), /newer than this phone's/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// A child writes settings and phone book entries in transactions and says after each
// commit how far it got; it is killed (SIGKILL) in the middle of writing. Reopened, the
// file is sound, every acknowledged write is there, and no transaction is half there.
Deno.test("store: killed in the middle of writing, nothing acknowledged is lost", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/ta.sqlite`;
    const script = `
      import { TaStore } from ${JSON.stringify(new URL("./store.ts", import.meta.url).href)};
      import { DEFAULT_SETTINGS } from ${
      JSON.stringify(new URL("./settings.ts", import.meta.url).href)
    };
      const store = TaStore.open(${JSON.stringify(path)});
      for (let i = 1; ; i++) {
        store.saveSettings({ ...DEFAULT_SETTINGS, jitterMaxMs: 100 + i, gatewayUser: String(i) });
        store.addEntry({ name: "n" + i, number: "", quick: "", url: "iphone://h" + i });
        console.log(i);
      }`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    let acknowledged = 0;
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (acknowledged < 40) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const l of lines) if (l) acknowledged = Number(l);
    }
    child.kill("SIGKILL");
    await child.status;
    reader.releaseLock();
    await child.stdout.cancel().catch(() => {});
    const store = TaStore.open(path);
    try {
      assert.equal(store.integrity(), "ok");
      const settings = store.settings();
      const written = Number(settings.gatewayUser);
      assert.ok(written >= acknowledged, `settings at ${written}, ${acknowledged} acknowledged`);
      assert.equal(settings.jitterMaxMs, 100 + written, "settings saved as one transaction");
      const entries = store.phoneBook().length;
      assert.ok(entries >= acknowledged, `${entries} entries, ${acknowledged} acknowledged`);
      assert.ok(entries === written || entries === written - 1, `${entries} vs ${written}`);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
