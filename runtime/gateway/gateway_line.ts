/**
 * The line a gateway's phone uses: it stands between the phone (the Internet side) and a PSTN
 * line (a LineJACK's PSTN port) and decides, frame by frame, what each side gets: the other
 * side's audio once bridged, a prompt or progress tone, or silence. Every frame the PSTN line
 * records also goes to a tap, where the gateway listens for DTMF and call progress.
 *
 * @example
 * ```ts
 * import { GatewayLine, planTone } from "./gateway_line.ts";
 * import { openPhoneJackLine } from "../audio/phonejack/phonejack_line.ts";
 * const pstn = await openPhoneJackLine({ kind: "phonejack", index: 0, port: "pstn" });
 * const line = new GatewayLine(pstn);
 * line.toInternet = planTone("us", "dial"); // a prompt to the caller on the Internet
 * line.bridge(); // then both ways
 * ```
 * @module
 */

import type { LineEvent, LineInfo } from "../audio/line.ts";
import { LineBase } from "../audio/line_base.ts";
import { type ToneKind, tonePlan } from "../dsp/tone_plans.ts";
import type { ToneSource } from "../phone/tones.ts";

/** What the gateway needs of a PSTN line (a LineJACK's PSTN port satisfies it). */
export interface PstnLine {
  readonly info: LineInfo;
  read(): Promise<Int16Array | null>;
  write(frame: Int16Array): Promise<void>;
  events(): AsyncIterableIterator<LineEvent>;
  /** Seizes (true) or releases the line. */
  setPstnOffHook(offHook: boolean): void;
  /** Dials DTMF digits on the seized line. */
  dial(digits: string): Promise<void>;
  close(): Promise<void>;
  /** The line's counters, where it keeps them. */
  stats?(): import("../audio/line.ts").LineStats;
}

/** What one side hears: the other side, a tone, or nothing. */
export type Feed = "bridge" | "silence" | ToneSource;

/** A continuous tone from a country's plan (dial, ring-back, busy, congestion). */
export function planTone(country: string, kind: ToneKind): ToneSource {
  const plan = tonePlan(country, kind);
  let segment = 0;
  let left = plan[0].ms * 8 || Infinity;
  let n = 0;
  return {
    finished: false,
    next(samples: number): Int16Array {
      const out = new Int16Array(samples);
      for (let i = 0; i < samples; i++, n++) {
        if (left <= 0) {
          segment = (segment + 1) % plan.length;
          left = plan[segment].ms * 8 || Infinity;
        }
        left--;
        let v = 0;
        for (const t of plan[segment].tones) {
          v += 32768 * Math.pow(10, (t.dbm0 - 3.14) / 20) *
            Math.sin((2 * Math.PI * t.hz * n) / 8000);
        }
        out[i] = v;
      }
      return out;
    },
  };
}

/** The phone's line in a gateway. */
export class GatewayLine extends LineBase {
  /** What the Internet caller or callee hears. */
  toInternet: Feed = "silence";
  /** What the PSTN line hears. */
  toPstn: Feed = "silence";
  /** Sees every frame the PSTN line records. */
  tap: ((frame: Int16Array) => void) | null = null;
  /** Sees every frame the phone plays (what the Internet side sends). */
  netTap: ((frame: Int16Array) => void) | null = null;

  constructor(readonly pstn: PstnLine) {
    super({
      ...pstn.info,
      kind: "gateway",
      name: `gateway on ${pstn.info.name}`,
      hasHook: false,
      hasTones: false,
      hasRinger: false,
      hasPstn: false,
    });
  }

  /** Both sides hear each other. */
  bridge(): void {
    this.toInternet = "bridge";
    this.toPstn = "bridge";
  }

  /** Neither side hears anything. */
  quiet(): void {
    this.toInternet = "silence";
    this.toPstn = "silence";
  }

  protected async captureFrame(): Promise<Int16Array | null> {
    const frame = await this.pstn.read();
    if (!frame) return null;
    this.tap?.(frame);
    return feed(this.toInternet, frame);
  }

  protected async playbackFrame(frame: Int16Array): Promise<void> {
    this.netTap?.(frame);
    await this.pstn.write(feed(this.toPstn, frame));
  }

  protected async shutdown(): Promise<void> {
    try {
      this.pstn.setPstnOffHook(false);
    } catch { /* closing anyway */ }
    await this.pstn.close();
  }
}

function feed(source: Feed, frame: Int16Array): Int16Array {
  if (source === "bridge") return frame;
  if (source === "silence") return new Int16Array(frame.length);
  return source.next(frame.length);
}
