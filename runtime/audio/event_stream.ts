/**
 * A broadcast stream of events: every subscriber gets every event emitted after it
 * subscribed, through its own bounded queue, until the stream closes.
 *
 * @example
 * ```ts
 * const stream = new EventStream<string>();
 * const events = stream.subscribe();
 * stream.emit("offhook");
 * console.log((await events.next()).value); // "offhook"
 * stream.close();
 * ```
 * @module
 */

/** Events a slow subscriber may have queued before the oldest are dropped. */
const DEFAULT_QUEUE_LIMIT = 256;

interface Subscriber<T> {
  queue: T[];
  wake?: (result: IteratorResult<T>) => void;
}

/** Fan-out of events to any number of async iterators. */
export class EventStream<T> {
  #subscribers = new Set<Subscriber<T>>();
  #closed = false;
  /** Events dropped from full subscriber queues. */
  dropped = 0;

  constructor(readonly queueLimit = DEFAULT_QUEUE_LIMIT) {}

  /** Delivers `event` to every current subscriber. Ignored after `close()`. */
  emit(event: T): void {
    if (this.#closed) return;
    for (const sub of this.#subscribers) {
      if (sub.wake) {
        const wake = sub.wake;
        sub.wake = undefined;
        wake({ value: event, done: false });
      } else {
        if (sub.queue.length >= this.queueLimit) {
          sub.queue.shift();
          this.dropped++;
        }
        sub.queue.push(event);
      }
    }
  }

  /** A new iterator over the events emitted from now on; it ends when the stream closes. */
  subscribe(): AsyncIterableIterator<T> {
    const sub: Subscriber<T> = { queue: [] };
    if (!this.#closed) this.#subscribers.add(sub);
    const done = (): IteratorResult<T> => ({ value: undefined, done: true });
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        if (sub.queue.length > 0) {
          return Promise.resolve({ value: sub.queue.shift() as T, done: false });
        }
        if (this.#closed || !this.#subscribers.has(sub)) return Promise.resolve(done());
        return new Promise((resolve) => sub.wake = resolve);
      },
      return: () => {
        this.#subscribers.delete(sub);
        sub.queue.length = 0;
        sub.wake?.(done());
        sub.wake = undefined;
        return Promise.resolve(done());
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every subscriber's iteration once its queued events are consumed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const sub of this.#subscribers) {
      sub.wake?.({ value: undefined, done: true });
      sub.wake = undefined;
    }
  }
}
