// The same checks run against the package in Node, in Chromium and against the sources
// in Deno: every registered codec encodes and decodes a fixed signal, and the playout
// path (jitter buffer, concealment, time-scaling) turns a fixed packet trace into PCM.
// Results are FNV-1a hashes, so any difference in any byte shows.

function fnv(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const asBytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function signal(length) {
  return Int16Array.from(
    { length },
    (_, i) =>
      Math.round(8000 * Math.sin(i / 7) + 3000 * Math.sin(i / 29)) + ((i * 211) % 401) - 200,
  );
}

/** Runs the checks with the package's (or the sources') exports `m`. */
export async function probe(m) {
  const pcm = signal(2880);
  const out = { version: m.VERSION, codecs: {}, playout: {} };
  for (const c of m.codecs) {
    const enc = await c.createEncoder();
    const dec = await c.createDecoder();
    const n = Math.floor(pcm.length / c.frameSamples) * c.frameSamples;
    const bytes = enc.encode(pcm.subarray(0, n));
    const back = dec.decode(bytes);
    out.codecs[c.name] = { bytes: bytes.length, encoded: fnv(bytes), decoded: fnv(asBytes(back)) };
    enc.close();
    dec.close();
  }
  const codec = m.findCodec("PCMU");
  const enc = await codec.createEncoder();
  const dec = await codec.createDecoder();
  const playout = await m.Playout.create({ decode: (p) => dec.decode(p) });
  const heard = [];
  const arrivals = [];
  for (let seq = 0; seq < 40; seq++) {
    if (seq === 7 || seq === 21) continue; // lost
    const jitter = [0, 13, 4, 27, 9, 2, 31, 6][seq % 8];
    arrivals.push({ seq, at: 20 * seq + jitter });
  }
  arrivals.sort((a, b) => a.at - b.at);
  let next = 0;
  for (let t = 0; t < 1000; t += 10) {
    while (next < arrivals.length && arrivals[next].at <= t) {
      const { seq, at } = arrivals[next++];
      const payload = enc.encode(pcm.subarray((seq % 18) * 160, (seq % 18) * 160 + 160));
      playout.put(
        { sequence: seq, timestamp: seq * 160, ssrc: 1, marker: seq === 0, samples: 160 },
        at,
        payload,
      );
    }
    if (t >= 40) {
      const step = playout.next(t);
      heard.push(...step.pcm);
    }
  }
  const s = playout.stats();
  out.playout = {
    samples: heard.length,
    pcm: fnv(asBytes(Int16Array.from(heard))),
    received: s.received,
    played: s.played,
    concealed: s.concealed,
  };
  playout.close();
  enc.close();
  dec.close();
  return out;
}
