/**
 * Input for the codec commands, read a piece at a time so any size streams in constant
 * memory: a file, or stdin for `-`.
 *
 * @example
 * ```ts
 * import { openSource } from "./byte_source.ts";
 * const src = await openSource("speech.ulaw");
 * for (let chunk = await src.read(8000); chunk.length; chunk = await src.read(8000)) {
 *   // ...
 * }
 * src.close();
 * ```
 * @module
 */
import { UsageError } from "./errors.ts";

/** Bytes read in order; `read(n)` gives exactly `n` bytes except at the end. */
export interface ByteSource {
  /** The total size when known (a regular file). */
  readonly size?: number;
  read(n: number): Promise<Uint8Array>;
  /** Fills `target` as far as the input goes; the number of bytes put there. */
  readInto(target: Uint8Array): Promise<number>;
  /** Puts bytes back in front (after peeking at a header). */
  unread(bytes: Uint8Array): void;
  close(): void;
}

/** Opens `path` (or stdin for `-`). Throws a UsageError naming the file when it cannot. */
export async function openSource(path: string): Promise<ByteSource> {
  if (path === "-") return fromReader(Deno.stdin.readable.getReader(), undefined, () => {});
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new UsageError(`${path}: no such file`);
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  const info = await file.stat();
  return fromReader(file.readable.getReader(), info.isFile ? info.size : undefined, () => {});
}

function fromReader(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  size: number | undefined,
  onClose: () => void,
): ByteSource {
  const pending: Uint8Array[] = [];
  let buffered = 0;
  let ended = false;
  return {
    size,
    async read(n: number): Promise<Uint8Array> {
      const out = new Uint8Array(await fill(n));
      take(out);
      return out;
    },
    async readInto(target: Uint8Array): Promise<number> {
      const n = await fill(target.length);
      take(target.subarray(0, n));
      return n;
    },
    unread(bytes: Uint8Array): void {
      if (bytes.length === 0) return;
      pending.unshift(bytes);
      buffered += bytes.length;
    },
    close(): void {
      reader.cancel().catch(() => {});
      onClose();
    },
  };

  /** Reads until `n` bytes are buffered or the input ends; how many can be taken. */
  async function fill(n: number): Promise<number> {
    while (buffered < n && !ended) {
      const { value, done } = await reader.read();
      if (done) ended = true;
      else if (value.length) {
        pending.push(value);
        buffered += value.length;
      }
    }
    return Math.min(n, buffered);
  }

  /** Moves the next `out.length` buffered bytes into `out`. */
  function take(out: Uint8Array): void {
    let at = 0;
    while (at < out.length) {
      const head = pending[0];
      const take = Math.min(head.length, out.length - at);
      out.set(head.subarray(0, take), at);
      at += take;
      if (take === head.length) pending.shift();
      else pending[0] = head.subarray(take);
    }
    buffered -= out.length;
  }
}
