/**
 * Wraps any module built from `codecs-as/` (see codecs-as/README.md for its ABI) as
 * {@link Codec} objects. Nothing here knows a particular codec.
 * @module
 */
import { type Codec, CodecError, type CodecInfo, type Decoder, type Encoder } from "./codec.ts";
import { decodeBase64 } from "./base64.ts";

/** The exports every codec module has. */
export interface CodecExports {
  memory: WebAssembly.Memory;
  frame_samples(mode: number): number;
  frame_bytes(mode: number): number;
  bit_rate(mode: number): number;
  enc_create(mode: number): number;
  enc_reset(state: number): void;
  enc_destroy(state: number): void;
  encode(state: number, pcm: number, samples: number, out: number): number;
  dec_create(mode: number): number;
  dec_reset(state: number): void;
  dec_destroy(state: number): void;
  decode(state: number, data: number, bytes: number, pcm: number): number;
  conceal(state: number, pcm: number, samples: number): number;
  buffer_alloc(bytes: number): number;
  buffer_free(ptr: number): void;
}

const ERRORS: Record<number, string> = {
  [-1]: "input is not a whole number of frames",
  [-2]: "payload is not valid for this codec",
  [-3]: "codec state is closed",
};

const instances = new Map<string, Promise<CodecExports>>();

/** Instantiates a codec module once per process; later calls share the instance. */
export function loadCodecModule(name: string, wasmBase64: () => Promise<string>) {
  let instance = instances.get(name);
  if (!instance) {
    instance = wasmBase64().then(async (b64) => {
      const imports = {
        env: {
          abort(_msg: number, _file: number, line: number, column: number) {
            throw new CodecError(name, `WebAssembly abort at ${line}:${column}`);
          },
        },
      };
      const bytes = decodeBase64(b64);
      const { instance } = await WebAssembly.instantiate(bytes as BufferSource, imports);
      return instance.exports as unknown as CodecExports;
    });
    instances.set(name, instance);
  }
  return instance;
}

/** How one registry entry maps onto a module and a mode. */
export interface WasmCodecSpec extends Omit<CodecInfo, "frameSamples" | "frameBytes" | "bitRate"> {
  /** Frame, bytes and rate; must agree with what the module reports for `mode`. */
  frameSamples: number;
  frameBytes: number;
  bitRate: number;
  module: string;
  mode: number;
  wasm: () => Promise<string>;
}

/** A registry entry backed by a codec module. */
export function wasmCodec(spec: WasmCodecSpec): Codec {
  const { module: _m, mode: _mode, wasm: _w, ...info } = spec;
  const codec: Codec = {
    ...info,
    createEncoder: async () =>
      new WasmEncoder(codec, await loadCodecModule(spec.module, spec.wasm), spec.mode),
    createDecoder: async () =>
      new WasmDecoder(codec, await loadCodecModule(spec.module, spec.wasm), spec.mode),
  };
  return codec;
}

/** Reads a module's own description of a mode, for checking a registry entry against it. */
export async function describeMode(
  module: string,
  wasm: () => Promise<string>,
  mode: number,
): Promise<{ frameSamples: number; frameBytes: number; bitRate: number }> {
  const x = await loadCodecModule(module, wasm);
  return {
    frameSamples: x.frame_samples(mode),
    frameBytes: x.frame_bytes(mode),
    bitRate: x.bit_rate(mode),
  };
}

/** The largest I/O buffer one codec call may need in WebAssembly memory (256 MiB). */
export const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

// One I/O buffer in wasm memory, grown on demand and reused: no allocation per call
// once warmed up. Views are cached and rebuilt only when memory grows.
class Buffer {
  ptr = 0;
  size = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  private samples: Int16Array = new Int16Array(0);

  constructor(private x: CodecExports) {}

  ensure(bytes: number): number {
    if (bytes > this.size) {
      // Sizes cross into WebAssembly as 32-bit integers and its memory holds at most 4 GiB:
      // refuse what would wrap or cannot fit, rather than read out of bounds.
      if (!(bytes <= MAX_BUFFER_BYTES)) {
        throw new RangeError(
          `${bytes} bytes in one codec call is more than ${MAX_BUFFER_BYTES} (split the input)`,
        );
      }
      if (this.ptr) this.x.buffer_free(this.ptr);
      this.size = Math.min(MAX_BUFFER_BYTES, Math.max(bytes, 2 * this.size, 64));
      this.ptr = this.x.buffer_alloc(this.size);
      this.bytes = new Uint8Array(0); // force new views
      this.head8 = new Uint8Array(0);
      this.head16 = new Int16Array(0);
    }
    return this.ptr;
  }

  /** Byte view of the whole buffer. */
  u8(): Uint8Array {
    // Growing wasm memory detaches old views (length 0): that is the signal to rebuild.
    if (this.bytes.length === 0) {
      this.bytes = new Uint8Array(this.x.memory.buffer, this.ptr, this.size);
      this.samples = new Int16Array(this.x.memory.buffer, this.ptr, this.size >> 1);
    }
    return this.bytes;
  }

  /** Sample view of the whole buffer. */
  i16(): Int16Array {
    this.u8();
    return this.samples;
  }

  // Views of the first n elements, cached: per-packet sizes repeat, and creating a
  // view costs as much as decoding a 20 ms packet.
  private head8: Uint8Array = new Uint8Array(0);
  private head16: Int16Array = new Int16Array(0);

  /** Byte view of the first n bytes. */
  u8Head(n: number): Uint8Array {
    if (this.head8.length !== n || n === 0) this.head8 = this.u8().subarray(0, n);
    return this.head8;
  }

  /** Sample view of the first n samples. */
  i16Head(n: number): Int16Array {
    if (this.head16.length !== n || n === 0) this.head16 = this.i16().subarray(0, n);
    return this.head16;
  }

  free() {
    if (this.ptr) this.x.buffer_free(this.ptr);
    this.ptr = 0;
    this.size = 0;
    this.bytes = new Uint8Array(0);
  }
}

abstract class WasmCoder {
  protected state: number;
  protected input: Buffer;
  protected output: Buffer;

  constructor(readonly info: CodecInfo, protected x: CodecExports, mode: number) {
    this.state = this.create(mode);
    if (!this.state) throw new CodecError(info.name, `mode ${mode} is not supported`);
    this.input = new Buffer(x);
    this.output = new Buffer(x);
  }

  protected abstract create(mode: number): number;
  protected abstract destroy(state: number): void;

  protected check(result: number): number {
    if (result < 0) {
      throw new CodecError(this.info.name, ERRORS[result] ?? `error ${result}`);
    }
    return result;
  }

  protected live(): number {
    if (!this.state) throw new CodecError(this.info.name, ERRORS[-3]);
    return this.state;
  }

  protected tooSmall(what: string, need: number, have: number): never {
    throw new CodecError(this.info.name, `${what} holds ${have}, needs ${need}`);
  }

  close(): void {
    if (!this.state) return;
    this.destroy(this.state);
    this.state = 0;
    this.input.free();
    this.output.free();
  }
}

class WasmEncoder extends WasmCoder implements Encoder {
  protected create(mode: number) {
    return this.x.enc_create(mode);
  }
  protected destroy(state: number) {
    this.x.enc_destroy(state);
  }

  private run(pcm: Int16Array): number {
    const state = this.live();
    const { frameSamples, frameBytes } = this.info;
    if (pcm.length % frameSamples !== 0) {
      throw new CodecError(
        this.info.name,
        `${pcm.length} samples is not a whole number of ${frameSamples}-sample frames`,
      );
    }
    const inPtr = this.input.ensure(pcm.byteLength);
    const header = this.info.packetHeaderBytes ?? 0;
    const outPtr = this.output.ensure((pcm.length / frameSamples) * frameBytes + header);
    this.input.i16().set(pcm);
    return this.check(this.x.encode(state, inPtr, pcm.length, outPtr));
  }

  encode(pcm: Int16Array): Uint8Array {
    const n = this.run(pcm);
    return this.output.u8().slice(0, n);
  }

  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const n = this.run(pcm);
    if (n > out.length) this.tooSmall("output", n, out.length);
    out.set(this.output.u8Head(n));
    return n;
  }

  reset(): void {
    this.x.enc_reset(this.live());
  }
}

class WasmDecoder extends WasmCoder implements Decoder {
  protected create(mode: number) {
    return this.x.dec_create(mode);
  }
  protected destroy(state: number) {
    this.x.dec_destroy(state);
  }

  private run(payload: Uint8Array): number {
    const state = this.live();
    // Frames may be shorter than frameBytes (G.723.1 SID is 4 of 24): assume one byte each.
    const maxSamples = payload.length * this.info.frameSamples;
    const inPtr = this.input.ensure(payload.length);
    const outPtr = this.output.ensure(maxSamples * 2);
    this.input.u8().set(payload);
    return this.check(this.x.decode(state, inPtr, payload.length, outPtr));
  }

  decode(payload: Uint8Array): Int16Array {
    const n = this.run(payload);
    return this.output.i16().slice(0, n);
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const n = this.run(payload);
    if (n > out.length) this.tooSmall("output", n, out.length);
    out.set(this.output.i16Head(n));
    return n;
  }

  conceal(samples: number): Int16Array {
    const state = this.live();
    const outPtr = this.output.ensure(samples * 2);
    const n = this.check(this.x.conceal(state, outPtr, samples));
    return this.output.i16().slice(0, n);
  }

  reset(): void {
    this.x.dec_reset(this.live());
  }
}
