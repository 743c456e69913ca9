import assert from "node:assert/strict";
import { lineSpecOf, noSoundCard, openSessionLine } from "./open_line.ts";

const files = (map: Record<string, string>) => (path: string) => map[path];

Deno.test("files, Quicknet, an explicit device and the default are chosen in that order", () => {
  const base = { soundSetting: "default" };
  assert.deepEqual(lineSpecOf({ ...base, file: "in.wav", quicknet: 0 }).spec.kind, "file");
  assert.deepEqual(lineSpecOf({ ...base, quicknet: 1 }).spec, { kind: "phonejack", index: 1 });
  assert.equal(lineSpecOf({ ...base, quicknet: -1 }).spec.kind, "alsa");
  const explicit = lineSpecOf({ ...base, soundFlag: "null" });
  assert.deepEqual([explicit.spec.kind, explicit.mayFallBack], ["null", false]);
  assert.equal(lineSpecOf(base).mayFallBack, true);
});

Deno.test("no sound card is recognised without opening ALSA, unless ALSA is configured", () => {
  assert.match(noSoundCard(files({}), "/h") ?? "", /no \/proc\/asound/);
  assert.match(
    noSoundCard(files({ "/proc/asound/cards": "--- no soundcards ---" }), "/h") ?? "",
    /lists no sound card/,
  );
  assert.equal(
    noSoundCard(files({ "/proc/asound/cards": " 0 [PCH ]: HDA-Intel" }), "/h"),
    undefined,
  );
  assert.equal(noSoundCard(files({ "/h/.asoundrc": "pcm.!default null" }), "/h"), undefined);
});

Deno.test("the default device falls back to no audio with a note; an explicit one fails", async () => {
  const notes: string[] = [];
  const line = await openSessionLine({ soundSetting: "default" }, (t) => notes.push(t));
  if (noSoundCard()) {
    assert.equal(line.info.kind, "null");
    assert.match(notes[0], /no sound card .*going on without audio/);
  }
  await line.close();
  await assert.rejects(
    () => openSessionLine({ soundSetting: "default", soundFlag: "phonejack:9" }, () => {}),
    /phone9|phonejack/,
  );
});
