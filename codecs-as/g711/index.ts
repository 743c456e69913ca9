// G.711 codec module. Mode: 0 = mu-law (PCMU), 1 = A-law (PCMA).
// One frame is one sample and one octet; encoding is a lookup in a 64 KiB table
// per law built once at start, decoding a lookup in a 256-entry table.
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from "./law";
import { Handles } from "../common/handles";
import { ERR_HANDLE } from "../common/errors";
export { buffer_alloc, buffer_free } from "../common/buffers";

const MULAW: i32 = 0;
const ALAW: i32 = 1;

function buildEncodeTable(law: i32): StaticArray<u8> {
  const table = new StaticArray<u8>(65536);
  for (let i = 0; i < 65536; i++) {
    const x = <i32>(<i16>i);
    table[i] = law == ALAW ? alawEncode(x) : ulawEncode(x);
  }
  return table;
}

function buildDecodeTable(law: i32): StaticArray<i16> {
  const table = new StaticArray<i16>(256);
  for (let i = 0; i < 256; i++) table[i] = law == ALAW ? alawDecode(i) : ulawDecode(i);
  return table;
}

const encodeTables: StaticArray<StaticArray<u8>> = [buildEncodeTable(MULAW), buildEncodeTable(ALAW)];
const decodeTables: StaticArray<StaticArray<i16>> = [buildDecodeTable(MULAW), buildDecodeTable(ALAW)];

class State {
  constructor(public law: i32) {}
}

const states = new Handles<State>();

function validMode(mode: i32): bool {
  return mode == MULAW || mode == ALAW;
}

export function frame_samples(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function frame_bytes(mode: i32): i32 {
  return validMode(mode) ? 1 : 0;
}

export function bit_rate(mode: i32): i32 {
  return validMode(mode) ? 64000 : 0;
}

export function enc_create(mode: i32): usize {
  return validMode(mode) ? states.add(new State(mode)) : 0;
}

export function dec_create(mode: i32): usize {
  return enc_create(mode);
}

// G.711 has no memory: reset only checks the handle.
export function enc_reset(state: usize): void {}
export function dec_reset(state: usize): void {}

export function enc_destroy(state: usize): void {
  states.remove(state);
}

export function dec_destroy(state: usize): void {
  states.remove(state);
}

export function encode(state: usize, pcm: usize, samples: i32, out: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  const table = changetype<usize>(unchecked(encodeTables[states.get(state).law]));
  for (let i = 0; i < samples; i++) {
    const x = <usize>load<u16>(pcm + (<usize>i << 1));
    store<u8>(out + <usize>i, load<u8>(table + x));
  }
  return samples;
}

export function decode(state: usize, data: usize, bytes: i32, pcm: usize): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  const table = changetype<usize>(unchecked(decodeTables[states.get(state).law]));
  for (let i = 0; i < bytes; i++) {
    const code = <usize>load<u8>(data + <usize>i);
    store<i16>(pcm + (<usize>i << 1), load<i16>(table + (code << 1)));
  }
  return bytes;
}

// G.711 itself has no concealment; silence here, Appendix I PLC lives in the jitter buffer.
export function conceal(state: usize, pcm: usize, samples: i32): i32 {
  if (!states.has(state)) return ERR_HANDLE;
  memory.fill(pcm, 0, <usize>samples << 1);
  return samples;
}
