/**
 * A bounded first-in first-out queue of 16-bit samples, to cut audio arriving in one
 * block size into another (line frames into packets, decoded packets into line frames).
 * @module
 */

/** Samples in, the same samples out in any block size; the oldest are dropped when full. */
export class SampleFifo {
  #buffer: Int16Array;
  #start = 0;
  #length = 0;
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError(`FIFO capacity must be positive, not ${capacity}`);
    this.#buffer = new Int16Array(capacity);
  }

  /** Samples waiting. */
  get length(): number {
    return this.#length;
  }

  /** Samples dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends samples; if they do not fit, the oldest ones go. */
  push(samples: Int16Array): void {
    let input = samples;
    if (input.length > this.capacity) {
      this.#dropped += input.length - this.capacity;
      input = input.subarray(input.length - this.capacity);
    }
    const overflow = this.#length + input.length - this.capacity;
    if (overflow > 0) {
      this.#start = (this.#start + overflow) % this.capacity;
      this.#length -= overflow;
      this.#dropped += overflow;
    }
    for (let i = 0; i < input.length; i++) {
      this.#buffer[(this.#start + this.#length + i) % this.capacity] = input[i];
    }
    this.#length += input.length;
  }

  /** Removes and returns `count` samples, padded with silence if fewer are waiting. */
  take(count: number): Int16Array {
    const out = new Int16Array(count);
    const n = Math.min(count, this.#length);
    for (let i = 0; i < n; i++) out[i] = this.#buffer[(this.#start + i) % this.capacity];
    this.#start = (this.#start + n) % this.capacity;
    this.#length -= n;
    return out;
  }
}
