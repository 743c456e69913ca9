/**
 * A person at an emulated Quicknet card's telephone: lifts and puts down the handset,
 * presses keys or turns a rotary dial, listens to the earpiece (what the card played, as
 * PCM) for a tone, and sees the bell ring. Test harness only.
 *
 * @example
 * ```ts
 * import { PhoneJackEmulator, CardType } from "./phonejack_emulator.ts";
 * import { HandsetPerson } from "./handset_person.ts";
 * const emulator = await PhoneJackEmulator.load();
 * emulator.addCard(12, CardType.PhoneJACKPCI);
 * const alice = new HandsetPerson(emulator, 12);
 * alice.lift();
 * await alice.waitToHear(425, "dial tone");
 * await alice.press("12#");
 * ```
 * @module
 */
import { pcmFromBytes } from "../../runtime/audio/wav.ts";
import { EmuState, type PhoneJackEmulator } from "./phonejack_emulator.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Power of `hz` relative to the whole signal's power (0..1), by Goertzel. */
export function toneShare(pcm: Int16Array, hz: number): number {
  if (pcm.length === 0) return 0;
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0, s2 = 0, total = 0;
  for (const x of pcm) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
    total += x * x;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return total > 0 ? (2 * power) / (pcm.length * total) : 0;
}

/** One person at card `index`. */
export class HandsetPerson {
  constructor(readonly emulator: PhoneJackEmulator, readonly index: number) {}

  /** Lifts the handset. */
  lift(): void {
    this.emulator.setHook(this.index, true);
  }

  /** Puts the handset down. */
  hangUp(): void {
    this.emulator.setHook(this.index, false);
  }

  /** Presses keys, `gapMs` apart. */
  async press(keys: string, gapMs = 120): Promise<void> {
    for (const key of keys) {
      this.emulator.pressDigit(this.index, key);
      await sleep(gapMs);
    }
  }

  /** Turns a rotary dial: each digit as breaks of the loop (10 pulses for 0). */
  async dialPulses(digits: string, breakMs = 60, makeMs = 40, gapMs = 700): Promise<void> {
    for (const d of digits) {
      const pulses = d === "0" ? 10 : Number(d);
      for (let i = 0; i < pulses; i++) {
        this.emulator.setHook(this.index, false);
        await sleep(breakMs);
        this.emulator.setHook(this.index, true);
        await sleep(makeMs);
      }
      await sleep(gapMs);
    }
  }

  /** True while the bell rings. */
  get ringing(): boolean {
    return this.emulator.get(this.index, EmuState.ringing) === 1;
  }

  /** The card's own call-progress tone: 0 none, 1 dial, 2 ring-back, 3 busy. */
  get cardTone(): number {
    return this.emulator.get(this.index, EmuState.callProgressTone);
  }

  /** Everything the earpiece played so far, as 8 kHz PCM (LINEAR16 cards). */
  heard(): Int16Array {
    return pcmFromBytes(this.emulator.speaker(this.index));
  }

  /** The last `ms` of what the earpiece played. */
  lastHeard(ms: number): Int16Array {
    const all = this.heard();
    return all.subarray(Math.max(0, all.length - ms * 8));
  }

  /** Waits until the last 200 ms played are mostly `hz`; throws naming `what` otherwise. */
  async waitToHear(hz: number, what: string, timeoutMs = 15000): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      if (toneShare(this.lastHeard(200), hz) > 0.4) return Date.now() - start;
      await sleep(20);
    }
    throw new Error(`card ${this.index}: no ${what} (${hz} Hz) within ${timeoutMs} ms`);
  }

  /** Waits until `check` holds; throws naming `what` otherwise. */
  async waitFor(check: () => boolean, what: string, timeoutMs = 15000): Promise<number> {
    const start = Date.now();
    while (!check()) {
      if (Date.now() - start > timeoutMs) throw new Error(`card ${this.index}: ${what}`);
      await sleep(10);
    }
    return Date.now() - start;
  }
}
