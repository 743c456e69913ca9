/**
 * Wraps any module built from `codecs-as/` (see codecs-as/README.md for its ABI) as
 * {@link Codec} objects. Nothing here knows a particular codec.
 * @module
 */
import { type Codec, type CodecInfo, CodecError, type Decoder, type Encoder } from "./codec.ts";
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
export interface WasmCodecSpec
  extends Omit<CodecInfo, "frameSamples" | "frameBytes" | "bitRate"> {
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

// Buffers grow on demand and are reused: no allocation per call once warmed up.
class Buffer {
  ptr = 0;
  size = 0;
  constructor(private x: CodecExports) {}
  ensure(bytes: number): number {
    if (bytes > this.size) {
      if (this.ptr) this.x.buffer_free(this.ptr);
      this.size = Math.max(bytes, 2 * this.size, 64);
      this.ptr = this.x.buffer_alloc(this.size);
    }
    return this.ptr;
  }
  free() {
    if (this.ptr) this.x.buffer_free(this.ptr);
    this.ptr = 0;
    this.size = 0;
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

  encode(pcm: Int16Array): Uint8Array {
    const state = this.live();
    const { frameSamples, frameBytes } = this.info;
    if (pcm.length % frameSamples !== 0) {
      throw new CodecError(
        this.info.name,
        `${pcm.length} samples is not a whole number of ${frameSamples}-sample frames`,
      );
    }
    const inPtr = this.input.ensure(pcm.byteLength);
    const outPtr = this.output.ensure((pcm.length / frameSamples) * frameBytes);
    new Int16Array(this.x.memory.buffer, inPtr, pcm.length).set(pcm);
    const n = this.check(this.x.encode(state, inPtr, pcm.length, outPtr));
    return new Uint8Array(this.x.memory.buffer, outPtr, n).slice();
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

  decode(payload: Uint8Array): Int16Array {
    const state = this.live();
    const { frameSamples } = this.info;
    // Frames may be shorter than frameBytes (G.723.1 SID is 4 of 24): assume one byte each.
    const maxSamples = payload.length * frameSamples;
    const inPtr = this.input.ensure(payload.length);
    const outPtr = this.output.ensure(maxSamples * 2);
    new Uint8Array(this.x.memory.buffer, inPtr, payload.length).set(payload);
    const n = this.check(this.x.decode(state, inPtr, payload.length, outPtr));
    return new Int16Array(this.x.memory.buffer, outPtr, n).slice();
  }

  conceal(samples: number): Int16Array {
    const state = this.live();
    const outPtr = this.output.ensure(samples * 2);
    const n = this.check(this.x.conceal(state, outPtr, samples));
    return new Int16Array(this.x.memory.buffer, outPtr, n).slice();
  }

  reset(): void {
    this.x.dec_reset(this.live());
  }
}
