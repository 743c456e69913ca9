/**
 * A bounded first-in first-out queue with promise-based takers: the bridge between a socket's
 * receive loop (which must never block or throw) and an `async` consumer. When full, the
 * oldest entry is dropped and counted, as a real-time stream would rather lose old data.
 *
 * @example
 * ```ts
 * import { EventQueue } from "./event_queue.ts";
 * const q = new EventQueue<number>(2);
 * q.push(1);
 * const first = await q.next(); // { value: 1, done: false }
 * q.end();
 * ```
 * @module
 */

/** FIFO of at most `limit` items; `next()` waits for one, or reports the end. */
export class EventQueue<T> {
  readonly #items: T[] = [];
  readonly #takers: ((result: IteratorResult<T>) => void)[] = [];
  #head = 0;
  #ended = false;
  /** Items discarded because the queue was full. */
  dropped = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`EventQueue limit must be a positive integer, got ${limit}`);
    }
  }

  /** Items waiting to be taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** True once {@link end} was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Hands `item` to a waiting taker, or stores it (dropping the oldest when full). */
  push(item: T): void {
    if (this.#ended) return;
    const taker = this.#takers.shift();
    if (taker) return taker({ value: item, done: false });
    if (this.size >= this.limit) {
      this.#head++;
      this.dropped++;
    }
    this.#items.push(item);
    this.#compact();
  }

  /** The next item, waiting if there is none; `done` after {@link end} and once drained. */
  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#items[this.#head++];
      this.#compact();
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  /** Removes and returns everything stored, oldest first. */
  drain(): T[] {
    const items = this.#items.slice(this.#head);
    this.#items.length = 0;
    this.#head = 0;
    return items;
  }

  /** No more items will come: waiting takers get `done`, stored items remain takeable. */
  end(): void {
    this.#ended = true;
    for (const taker of this.#takers.splice(0)) taker({ value: undefined, done: true });
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
