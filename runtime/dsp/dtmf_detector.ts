/**
 * DTMF detection (ITU-T Q.23 frequencies, Q.24 receiver tolerances) on 8 kHz PCM.
 *
 * 20 ms frames every 10 ms; in each, the eight DTMF frequencies are measured by
 * single-bin DFT (Goertzel's method, computed so the phase is kept). A frame carries a key
 * when one tone per group stands out by `minDominanceDb`, both reach `minLevelDbm0`, the
 * twist is within limits, the two tones hold `minToneShare` of the frame energy, and both
 * frequencies, measured from the phase advance between frames, are within
 * `maxDeviation`. A key is reported after two such frames in a row (at least 28 ms of
 * tone, always at 40 ms), and ends after two frames that fail even a relaxed test, so a
 * break of up to 10 ms does not split a digit and a pause of 40 ms separates two.
 *
 * Defaults meet Q.24's common values: operate within ±1.5 %, reject beyond ±3.5 %;
 * operate on 40 ms, reject below 23 ms; twist up to 8 dB (low group louder) and 4 dB (high
 * group louder); operate down to -25 dBm0 per tone.
 *
 * @example
 * ```ts
 * import { DtmfDetector } from "./dtmf_detector.ts";
 * declare const pcm: Int16Array; // 8 kHz samples from the line
 * const det = await DtmfDetector.create();
 * for (const e of det.process(pcm)) if (e.kind === "start") console.log(e.key);
 * ```
 * @module
 */
import { ClosedError, loadDspModule, type ModuleExports, WasmBuffer } from "./wasm_module.ts";
import {
  EVENT_START,
  K_KEEP_SLACK,
  K_MAX_DEVIATION,
  K_MAX_HIGH_OVER_LOW,
  K_MAX_LOW_OVER_HIGH,
  K_MIN_DOMINANCE,
  K_MIN_LEVEL,
  K_MIN_TONE_SHARE,
} from "../../codecs-as/dtmf/abi.ts";

interface DtmfExports extends ModuleExports {
  dtmf_create(): number;
  dtmf_reset(h: number): number;
  dtmf_destroy(h: number): void;
  dtmf_process(h: number, pcm: number, samples: number): number;
  dtmf_event_key(h: number, i: number): number;
  dtmf_event_kind(h: number, i: number): number;
  dtmf_event_at(h: number, i: number): number;
  dtmf_clear(h: number): void;
  dtmf_set(h: number, key: number, value: number): number;
}

/** Detector thresholds; all optional. */
export interface DtmfDetectorOptions {
  /** Weakest tone accepted, per frequency (dBm0). Default -32. */
  minLevelDbm0?: number;
  /** High group may be this much louder than the low group (dB). Default 5 (Q.24: 4 + 1). */
  maxHighOverLowDb?: number;
  /** Low group may be this much louder than the high group (dB). Default 9 (Q.24: 8 + 1). */
  maxLowOverHighDb?: number;
  /** Largest relative frequency error accepted. Default 0.025 (between 1.5 % and 3.5 %). */
  maxDeviation?: number;
  /** Share of the frame's energy the two tones must hold (also: of the frame they cover). Default 0.9. */
  minToneShare?: number;
  /** Margin of each tone over the others of its group (dB). Default 6. */
  minDominanceDb?: number;
  /** How far an established key may fade before it ends (dB); it may also cover half a frame. Default 6. */
  keepSlackDb?: number;
}

const SETTING_KEYS: Record<keyof DtmfDetectorOptions, number> = {
  minLevelDbm0: K_MIN_LEVEL,
  maxHighOverLowDb: K_MAX_HIGH_OVER_LOW,
  maxLowOverHighDb: K_MAX_LOW_OVER_HIGH,
  maxDeviation: K_MAX_DEVIATION,
  minToneShare: K_MIN_TONE_SHARE,
  minDominanceDb: K_MIN_DOMINANCE,
  keepSlackDb: K_KEEP_SLACK,
};

/** A key going down (`start`) or up (`end`), at a sample position (about ±10 ms). */
export interface DtmfEvent {
  key: string;
  kind: "start" | "end";
  /** Samples since the detector was created or reset. */
  atSample: number;
}

/** Streaming DTMF detector for one 8 kHz channel. */
export class DtmfDetector {
  #h: number;
  #io: WasmBuffer;

  private constructor(private readonly x: DtmfExports, h: number) {
    this.#h = h;
    this.#io = new WasmBuffer(x);
  }

  /** A detector; throws a `RangeError` naming an option that is out of range. */
  static async create(options: DtmfDetectorOptions = {}): Promise<DtmfDetector> {
    const x = await loadDspModule<DtmfExports>("dtmf");
    const d = new DtmfDetector(x, x.dtmf_create());
    for (const [name, value] of Object.entries(options)) {
      const key = SETTING_KEYS[name as keyof DtmfDetectorOptions];
      if (value === undefined) continue;
      if (key === undefined || x.dtmf_set(d.#h, key, value) !== 0) {
        d.close();
        throw new RangeError(`DTMF detector: option ${name} = ${value} is unknown or out of range`);
      }
    }
    return d;
  }

  #live(): number {
    if (!this.#h) throw new ClosedError("DTMF detector");
    return this.#h;
  }

  /** Feeds samples (any length); returns the key events they completed. */
  process(pcm: Int16Array): DtmfEvent[] {
    const h = this.#live();
    const events: DtmfEvent[] = [];
    // In pieces, so the module's event list (64) cannot overflow.
    for (let at = 0; at < pcm.length; at += 8000) {
      const part = pcm.subarray(at, Math.min(pcm.length, at + 8000));
      const n = this.x.dtmf_process(h, this.#io.writeInt16(part), part.length);
      for (let i = 0; i < n; i++) {
        events.push({
          key: String.fromCharCode(this.x.dtmf_event_key(h, i)),
          kind: this.x.dtmf_event_kind(h, i) === EVENT_START ? "start" : "end",
          atSample: this.x.dtmf_event_at(h, i),
        });
      }
      this.x.dtmf_clear(h);
    }
    return events;
  }

  /** Forgets all state and restarts the sample count. */
  reset(): void {
    this.x.dtmf_reset(this.#live());
  }

  /** Frees the state. */
  close(): void {
    if (!this.#h) return;
    this.x.dtmf_destroy(this.#h);
    this.#h = 0;
    this.#io.free();
  }
}

/** The keys pressed in `events` (one per start event). */
export function keysOf(events: DtmfEvent[]): string {
  return events.filter((e) => e.kind === "start").map((e) => e.key).join("");
}

/** The option-to-key table, for the ABI agreement test only. */
export const _abiTables = { settings: SETTING_KEYS };
