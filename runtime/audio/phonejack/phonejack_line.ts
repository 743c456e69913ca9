/**
 * A line on a Quicknet Internet PhoneJACK or LineJACK through the Linux telephony API
 * (`/dev/phoneN`, `ixj` driver). One poll loop on a worker thread waits for frames (POLLIN)
 * and exceptions (POLLPRI); frames are read as they come, exceptions become events: hook
 * changes, DTMF digits, PSTN ring, flash. The card can also speak its own codecs: with
 * `codec: "G723_63"` or `"ULAW"` the coded frames pass through `readRaw`/`writeRaw` as the
 * card makes them, ready for RTP without transcoding. The LineJACK's PSTN port can be
 * selected, taken off-hook and dialled.
 *
 * @example
 * ```ts
 * const line = await openPhoneJackLine({ kind: "phonejack", index: 0 }); // as ohphone -q 0
 * for await (const event of line.events()) {
 *   if (event.type === "offhook") line.playTone("dial");
 *   if (event.type === "digit") line.stopTone();
 * }
 * ```
 * @module
 */
import {
  frameSamplesFor,
  LINE_SAMPLE_RATE,
  LineError,
  type RawCodecInfo,
  type RawFrameLine,
  type ToneKind,
} from "../line.ts";
import { LineBase } from "../line_base.ts";
import { pcmFromBytes, pcmToBytes } from "../wav.ts";
import { TelephonyDevice, TelephonyError } from "./device.ts";
import { loadLibc } from "../../sys/libc.ts";
import { EAGAIN, EINTR } from "../../sys/errno.ts";
import { POLLERR, POLLIN, POLLNVAL, POLLOUT, POLLPRI } from "../../sys/linux_abi.ts";
import { deviceFrameFromRtpPayload } from "./raw_frame.ts";
import {
  CARD_TYPES,
  codecFrameBytes,
  codecFrameMs,
  dtmfCode,
  dtmfDigit,
  ExceptionBit,
  type PhoneCapability,
  PhoneCodec,
  type PhoneCodecName,
  PhonePort,
  type PhonePortName,
  PstnState,
  RTP_ENCODING,
} from "./telephony.ts";

/** How to open a PhoneJACK/LineJACK line. */
export interface PhoneJackLineSpec {
  /** Selects this backend. */
  readonly kind: "phonejack";
  /** Device number N of `/dev/phoneN` (default 0), as `-q N` of ohphone. */
  readonly index?: number;
  /** Device path, overriding `index`. */
  readonly path?: string;
  /** C library providing open/ioctl/read/write/poll (default `libc.so.6`; tests: the emulator). */
  readonly library?: string;
  /** Base frame: 10, 20 or 30 ms (default 20; the ISA PhoneJACK only does 30). */
  readonly frameMs?: number;
  /** Codec of the card's frames (default `LINEAR16`: PCM through `read`/`write`). */
  readonly codec?: "LINEAR16" | "ULAW" | "ALAW" | "G723_63" | "G723_53";
  /** Port to select on open (LineJACK: `pots`, `pstn`, `speaker`). */
  readonly port?: PhonePortName;
}

/** Options of {@link PhoneJackLine.dial}. */
export interface DialOptions {
  /** Tone duration per digit in ms (default 100). */
  readonly onMs?: number;
  /** Pause between digits in ms (default 100). */
  readonly offMs?: number;
}

/** Frames read ahead before the oldest is dropped (a reader that stopped reading). */
const QUEUE_FRAMES = 8;
/** How long one poll on the worker thread lasts, bounding how long close() waits. */
const POLL_MS = 50;
/** How long a write may wait for room before the frame is dropped. */
const WRITE_STALL_MS = 500;

/** What a telephony card is, from its capability list. */
export interface CardInfo {
  /** IXJCTL_CARDTYPE (0 if the card does not answer it). */
  readonly cardType: number;
  /** The card's own name for itself. */
  readonly description: string;
  /** PHONE_CAPABILITIES_LIST. */
  readonly capabilities: readonly PhoneCapability[];
}

/** A line on a telephony card. */
export class PhoneJackLine extends LineBase implements RawFrameLine {
  readonly rawCodec: RawCodecInfo;
  #frames: Uint8Array[] = [];
  #readers: Array<{ resolve: (f: Uint8Array | null) => void; reject: (e: Error) => void }> = [];
  #failure: Error | undefined;
  #stopping = false;
  #pump: Promise<void>;
  #offHook: boolean;
  #writes: Promise<unknown> = Promise.resolve();

  /** Starts the poll loop on an opened, configured card; use {@link openPhoneJackLine}. */
  constructor(
    private readonly device: TelephonyDevice,
    readonly card: CardInfo,
    codec: number,
    frameMs: number,
  ) {
    const codecMs = codecFrameMs(codec, frameMs);
    const name = device.path;
    super({
      kind: "phonejack",
      name,
      sampleRate: LINE_SAMPLE_RATE,
      frameSamples: frameSamplesFor(name, codecMs),
      pacing: "device",
      hasHook: true,
      hasTones: true,
      hasRinger: true,
      hasPstn: card.capabilities.some((c) => c.type === "port" && c.cap === 1), // pstn = 1
    });
    const codecName = Object.entries(PhoneCodec).find(([, v]) => v === codec)![0] as PhoneCodecName;
    this.rawCodec = {
      id: codec,
      name: codecName,
      rtpEncoding: RTP_ENCODING[codecName] ?? (codec === PhoneCodec.LINEAR16 ? "L16" : undefined),
      frameBytes: codecFrameBytes(codec, frameMs),
      frameMs: codecMs,
    };
    this.#offHook = device.offHook();
    this.#pump = this.#runPump();
  }

  /** True while the handset is off-hook (as last reported by the card). */
  get offHook(): boolean {
    return this.#offHook;
  }

  async #runPump(): Promise<void> {
    const buffer = new Uint8Array(this.rawCodec.frameBytes);
    while (!this.#stopping) {
      const revents = await this.device.pollWait(POLLIN | POLLPRI, POLL_MS);
      if (this.#stopping) break;
      try {
        if (revents & (POLLERR | POLLNVAL)) {
          throw new LineError(
            this.info.name,
            `poll reports ${revents & POLLNVAL ? "POLLNVAL" : "POLLERR"}`,
          );
        }
        if (revents & POLLPRI) await this.#handleException();
        if (revents & POLLIN) this.#readAvailable(buffer);
      } catch (e) {
        this.#fail(e as Error);
        return;
      }
    }
  }

  #readAvailable(buffer: Uint8Array<ArrayBuffer>): void {
    for (;;) {
      const n = this.device.read(buffer);
      if (n === -EAGAIN || n === -EINTR || n === 0) return; // 0: on-hook in blocking mode
      if (n < 0) throw new TelephonyError(this.info.name, "read", -n, `errno ${-n}`);
      this.#deliver(buffer.slice(0, n));
    }
  }

  #deliver(frame: Uint8Array): void {
    const reader = this.#readers.shift();
    if (reader) return reader.resolve(frame);
    if (this.#frames.length >= QUEUE_FRAMES) {
      this.#frames.shift();
      this.counters.captureOverruns++;
    }
    this.#frames.push(frame);
  }

  async #handleException(): Promise<void> {
    const bits = this.device.exception();
    let progress = (bits & ~(ExceptionBit.dtmfReady | ExceptionBit.hookstate)) !== 0;
    if (bits & ExceptionBit.hookstate) {
      progress = true;
      const offHook = this.device.offHook(); // also clears the bit
      if (offHook !== this.#offHook) {
        this.#offHook = offHook;
        this.eventStream.emit({ type: offHook ? "offhook" : "onhook" });
      }
    }
    if (bits & ExceptionBit.dtmfReady) {
      while (this.device.dtmfReady()) {
        const code = this.device.nextDtmf();
        if (code === 0) break; // the driver only hands out digits while off-hook
        progress = true;
        const digit = dtmfDigit(code);
        if (digit) this.eventStream.emit({ type: "digit", digit });
      }
    }
    if (bits & ExceptionBit.pstnRing) {
      this.device.pstnState(); // clears the ring bit
      this.eventStream.emit({ type: "ring" });
    }
    if (bits & ExceptionBit.flash) this.eventStream.emit({ type: "flash" });
    // Bits the card keeps raising without anything to take: do not spin on POLLPRI.
    if (!progress) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  #fail(error: Error): void {
    this.#failure = error;
    for (const reader of this.#readers.splice(0)) reader.reject(error);
  }

  /** The next frame as the card delivered it; `null` once closed. */
  readRaw(): Promise<Uint8Array | null> {
    const frame = this.#frames.shift();
    if (frame) return Promise.resolve(frame);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.closed || this.#stopping) return Promise.resolve(null);
    return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
  }

  /** Sends one coded frame, zero-padded to the card's frame size. */
  writeRaw(frame: Uint8Array): Promise<void> {
    const padded = deviceFrameFromRtpPayload(this.rawCodec.id, frame, this.rawCodec.frameBytes);
    const result = this.#writes.then(() => this.#writeDevice(padded));
    this.#writes = result.catch(() => {});
    return result;
  }

  async #writeDevice(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    if (this.closed) throw new LineError(this.info.name, "write on a closed line");
    const since = performance.now();
    for (;;) {
      const n = this.device.write(bytes);
      if (n >= 0) return;
      if (n !== -EAGAIN && n !== -EINTR) {
        throw new TelephonyError(this.info.name, "write", -n, `errno ${-n}`);
      }
      if (performance.now() - since > WRITE_STALL_MS || this.closed) {
        this.counters.writesDropped++;
        return;
      }
      await this.device.pollWait(POLLOUT, this.rawCodec.frameMs * 2);
    }
  }

  /** A LINEAR16 frame as samples. */
  protected override async captureFrame(): Promise<Int16Array | null> {
    this.#requirePcm("read()");
    const bytes = await this.readRaw();
    return bytes === null ? null : pcmFromBytes(bytes);
  }

  /** A frame of samples as LINEAR16 bytes. */
  protected override playbackFrame(frame: Int16Array): Promise<void> {
    this.#requirePcm("write()");
    return this.writeRaw(pcmToBytes(frame));
  }

  #requirePcm(call: string): void {
    if (this.rawCodec.id !== PhoneCodec.LINEAR16) {
      throw new LineError(
        this.info.name,
        `${call} needs LINEAR16; the card is set to ${this.rawCodec.name}: use readRaw()/writeRaw()`,
      );
    }
  }

  /** PHONE_DIALTONE, PHONE_RINGBACK or PHONE_BUSY; false if the card refuses. */
  override playTone(kind: ToneKind): boolean {
    try {
      this.device.startTone(kind);
      return true;
    } catch {
      return false;
    }
  }

  /** PHONE_CPT_STOP. */
  override stopTone(): void {
    this.device.stopTone();
  }

  /**
   * Sets the bell's cadence (PHONE_RING_CADENCE): 16 bits, one per half second, top bit
   * first, repeated while ringing (see `ringCadenceBits` of the handset).
   */
  setRingCadence(bits: number): void {
    this.device.setRingCadence(bits);
  }

  /** PHONE_RING_START (no caller id) or PHONE_RING_STOP. */
  override ring(on: boolean): boolean {
    this.device.setRinging(on);
    return true;
  }

  /** Selects the card's port (IXJCTL_PORT); throws if the card refuses it. */
  selectPort(port: PhonePortName): void {
    this.device.setPort(PhonePort[port]);
  }

  /** The port in use. */
  currentPort(): PhonePortName | undefined {
    const port = this.device.port();
    return (Object.keys(PhonePort) as (keyof typeof PhonePort)[]).find((k) =>
      PhonePort[k] === port && k !== "query"
    ) as PhonePortName | undefined;
  }

  /** Takes the PSTN line off-hook (answer, or before dialling) or puts it back (LineJACK). */
  setPstnOffHook(offHook: boolean): void {
    if (!this.info.hasPstn) throw new LineError(this.info.name, "this card has no PSTN port");
    this.device.setPstnState(offHook ? PstnState.offHook : PstnState.onHook);
  }

  /** The PSTN state: 0 on-hook, 1 ringing, 2 off-hook, 3 pulse dialling. */
  pstnState(): number {
    return this.device.pstnState();
  }

  /**
   * Dials `digits` as DTMF tones from the card (on the PSTN line of a LineJACK once it is
   * off-hook), one at a time, waiting for each tone to end. Throws a RangeError for a
   * character that is no DTMF digit, before dialling anything.
   */
  async dial(digits: string, options: DialOptions = {}): Promise<void> {
    const codes = [...digits].map(dtmfCode);
    const onMs = options.onMs ?? 100;
    const offMs = options.offMs ?? 100;
    this.device.setToneTiming(onMs, offMs);
    for (const code of codes) {
      this.device.playTone(code);
      const deadline = performance.now() + onMs + offMs + 500;
      await new Promise((resolve) => setTimeout(resolve, onMs));
      while (this.device.toneState() !== 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, offMs));
    }
  }

  /** Stops the poll loop, recording, playback, tones and ringing; closes the device. */
  protected override async shutdown(): Promise<void> {
    this.#stopping = true;
    await this.#pump;
    for (const reader of this.#readers.splice(0)) reader.resolve(null);
    await this.#writes;
    const steps = [
      () => this.device.stopRecording(),
      () => this.device.stopPlayback(),
      () => this.device.stopTone(),
      () => this.device.setRinging(false),
    ];
    for (const step of steps) {
      try {
        step();
      } catch { /* the device is going away anyway */ }
    }
    this.device.close();
  }
}

function readCard(device: TelephonyDevice): CardInfo {
  const capabilities = device.capabilities();
  let cardType = 0;
  try {
    cardType = device.cardType();
  } catch { /* not an ixj card: other vendors of the API lack IXJCTL_CARDTYPE */ }
  const described = capabilities.find((c) => c.type === "device")?.description;
  const description = described ?? CARD_TYPES[cardType] ?? "telephony device";
  return { cardType, description, capabilities };
}

/**
 * Opens a PhoneJACK/LineJACK line: frame size, codec both ways, optional port, then
 * recording and playback. Throws {@link LineError} naming the device and the refused step.
 */
export async function openPhoneJackLine(spec: PhoneJackLineSpec): Promise<PhoneJackLine> {
  const path = spec.path ?? `/dev/phone${spec.index ?? 0}`;
  const codec = PhoneCodec[spec.codec ?? "LINEAR16"];
  if (codec === undefined) throw new LineError(path, `unknown codec ${spec.codec}`);
  const frameMs = codec === PhoneCodec.G723_63 || codec === PhoneCodec.G723_53
    ? 30
    : spec.frameMs ?? 20;
  if (![10, 20, 30].includes(frameMs)) {
    throw new LineError(path, `frame of ${frameMs} ms; the card does 10, 20 or 30 ms`);
  }
  let libc;
  try {
    libc = loadLibc(spec.library);
  } catch (e) {
    throw new LineError(
      path,
      `cannot load ${spec.library ?? "libc.so.6"}: ${(e as Error).message}`,
    );
  }
  const device = TelephonyDevice.open(libc, path);
  try {
    const card = readCard(device);
    const codecs = card.capabilities.filter((c) => c.type === "codec").map((c) => c.cap);
    if (codecs.length > 0 && !codecs.includes(codec)) {
      throw new LineError(path, `${card.description} does not list codec ${spec.codec}`);
    }
    device.setFrame(frameMs);
    device.setRecordCodec(codec);
    device.setPlayCodec(codec);
    if (spec.port) device.setPort(PhonePort[spec.port]);
    device.startRecording();
    device.startPlayback();
    return await Promise.resolve(new PhoneJackLine(device, card, codec, frameMs));
  } catch (e) {
    device.close();
    throw e;
  }
}
