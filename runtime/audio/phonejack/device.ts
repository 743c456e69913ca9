/**
 * One open Linux telephony device (`/dev/phoneN`): typed calls for each ioctl of the API
 * the phone uses, and `read`/`write`/`poll` of frames, all through the C library given (the
 * system's, or the emulator of the tests). `ioctl` arguments are passed by value, as the
 * `ixj` driver reads them; results come back as the ioctl's return value.
 *
 * @example
 * ```ts
 * import { TelephonyDevice } from "./device.ts";
 * import { PhoneCodec } from "./telephony.ts";
 * import { loadLibc } from "../../sys/libc.ts";
 * import { POLLIN, POLLPRI } from "../../sys/linux_abi.ts";
 * const dev = TelephonyDevice.open(loadLibc(), "/dev/phone0");
 * dev.setFrame(20);
 * dev.setRecordCodec(PhoneCodec.LINEAR16);
 * dev.startRecording();
 * const revents = await dev.pollWait(POLLIN | POLLPRI, 100);
 * dev.close();
 * ```
 * @module
 */
import { LineError } from "../line.ts";
import * as ioctl from "./ioctl_numbers.ts";
import { cString, errnoMessage, lastErrno, type Libc } from "../../sys/libc.ts";
import { O_NONBLOCK, O_RDWR } from "../../sys/linux_abi.ts";
import {
  CAPABILITY_BYTES,
  codecName,
  decodeCapabilities,
  type PhoneCapability,
} from "./telephony.ts";

/** A failed call on a telephony device: the device, the call and the reason. */
export class TelephonyError extends LineError {
  /** `call` on `device` failed with the C library's `errno` and its `reason`. */
  constructor(device: string, call: string, readonly errno: number, reason: string) {
    super(device, `${call} failed: ${reason}`);
    this.name = "TelephonyError";
  }
}

/** An open telephony device. */
export class TelephonyDevice {
  #fd: number;

  private constructor(private readonly libc: Libc, readonly path: string, fd: number) {
    this.#fd = fd;
  }

  /** Opens `path` read-write and non-blocking. Throws {@link TelephonyError} with errno text. */
  static open(libc: Libc, path: string): TelephonyDevice {
    const fd = libc.open(cString(path), O_RDWR | O_NONBLOCK, 0);
    if (fd < 0) {
      const errno = lastErrno(libc);
      const hint = errno === 2 ? " (is the ixj driver loaded?)" : "";
      throw new TelephonyError(path, "open", errno, errnoMessage(errno, libc) + hint);
    }
    return new TelephonyDevice(libc, path, fd);
  }

  get #open(): number {
    if (this.#fd < 0) throw new LineError(this.path, "device is closed");
    return this.#fd;
  }

  /** Issues `request` with an integer argument; the result, or throws on -1. */
  call(request: number, name: string, arg = 0): number {
    const result = this.libc.ioctl(this.#open, BigInt(request), BigInt(arg));
    if (result === -1) {
      const errno = lastErrno(this.libc);
      throw new TelephonyError(this.path, name, errno, errnoMessage(errno, this.libc));
    }
    return result;
  }

  /** Issues `request` with a pointer to `buffer`; the result, or throws on -1. */
  callWithBuffer(request: number, name: string, buffer: Uint8Array<ArrayBuffer>): number {
    const result = this.libc.ioctlBuffer(this.#open, BigInt(request), buffer);
    if (result === -1) {
      const errno = lastErrno(this.libc);
      throw new TelephonyError(this.path, name, errno, errnoMessage(errno, this.libc));
    }
    return result;
  }

  /** PHONE_CAPABILITIES then PHONE_CAPABILITIES_LIST. */
  capabilities(): PhoneCapability[] {
    const count = this.call(ioctl.PHONE_CAPABILITIES, "PHONE_CAPABILITIES");
    if (count <= 0) return [];
    const buffer = new Uint8Array(count * CAPABILITY_BYTES);
    this.callWithBuffer(ioctl.PHONE_CAPABILITIES_LIST, "PHONE_CAPABILITIES_LIST", buffer);
    return decodeCapabilities(buffer, count);
  }

  /** IXJCTL_CARDTYPE: 100 PhoneJACK, 300 LineJACK, 400 Lite, 500 PCI, 600 PhoneCARD. */
  cardType(): number {
    return this.call(ioctl.IXJCTL_CARDTYPE, "IXJCTL_CARDTYPE");
  }

  /** PHONE_FRAME: base frame of 10, 20 or 30 ms; throws if the card refuses it. */
  setFrame(ms: number): void {
    let result: number;
    try {
      result = this.call(ioctl.PHONE_FRAME, "PHONE_FRAME", ms);
    } catch (e) {
      if (!(e instanceof TelephonyError)) throw e;
      result = -1;
    }
    if (result !== ms) {
      throw new LineError(this.path, `the card refuses ${ms} ms frames (PHONE_FRAME)`);
    }
  }

  /** PHONE_REC_CODEC; throws if the card cannot record `codec`. */
  setRecordCodec(codec: number): void {
    if (this.call(ioctl.PHONE_REC_CODEC, "PHONE_REC_CODEC", codec) !== 0) {
      throw new LineError(this.path, `the card cannot record ${codecName(codec)}`);
    }
  }

  /** PHONE_PLAY_CODEC; throws if the card cannot play `codec`. */
  setPlayCodec(codec: number): void {
    if (this.call(ioctl.PHONE_PLAY_CODEC, "PHONE_PLAY_CODEC", codec) !== 0) {
      throw new LineError(this.path, `the card cannot play ${codecName(codec)}`);
    }
  }

  startRecording(): void {
    this.call(ioctl.PHONE_REC_START, "PHONE_REC_START");
  }
  stopRecording(): void {
    this.call(ioctl.PHONE_REC_STOP, "PHONE_REC_STOP");
  }
  startPlayback(): void {
    this.call(ioctl.PHONE_PLAY_START, "PHONE_PLAY_START");
  }
  stopPlayback(): void {
    this.call(ioctl.PHONE_PLAY_STOP, "PHONE_PLAY_STOP");
  }

  /** PHONE_HOOKSTATE: true when off-hook (also clears the hookstate exception bit). */
  offHook(): boolean {
    return this.call(ioctl.PHONE_HOOKSTATE, "PHONE_HOOKSTATE") !== 0;
  }

  /** PHONE_EXCEPTION: the pending exception bits (see `ExceptionBit`). */
  exception(): number {
    return this.call(ioctl.PHONE_EXCEPTION, "PHONE_EXCEPTION");
  }

  /** PHONE_DTMF_READY. */
  dtmfReady(): boolean {
    return this.call(ioctl.PHONE_DTMF_READY, "PHONE_DTMF_READY") !== 0;
  }

  /** PHONE_GET_DTMF: the next digit's driver code, 0 if none. */
  nextDtmf(): number {
    return this.call(ioctl.PHONE_GET_DTMF, "PHONE_GET_DTMF");
  }

  /** PHONE_RING_CADENCE: 16 bits, one per half second, top bit first. */
  setRingCadence(bits: number): void {
    this.call(ioctl.PHONE_RING_CADENCE, "PHONE_RING_CADENCE", bits & 0xffff);
  }

  /** PHONE_RING_START with no caller id, or PHONE_RING_STOP. */
  setRinging(on: boolean): void {
    if (on) this.call(ioctl.PHONE_RING_START, "PHONE_RING_START", 0);
    else this.call(ioctl.PHONE_RING_STOP, "PHONE_RING_STOP");
  }

  /** PHONE_DIALTONE, PHONE_RINGBACK or PHONE_BUSY. */
  startTone(kind: "dial" | "ringback" | "busy"): void {
    const request = {
      dial: ioctl.PHONE_DIALTONE,
      ringback: ioctl.PHONE_RINGBACK,
      busy: ioctl.PHONE_BUSY,
    };
    this.call(request[kind], `PHONE_${kind.toUpperCase()}`);
  }

  /** PHONE_CPT_STOP. */
  stopTone(): void {
    this.call(ioctl.PHONE_CPT_STOP, "PHONE_CPT_STOP");
  }

  /** PHONE_SET_TONE_ON_TIME / OFF_TIME in ms (the driver counts quarter milliseconds). */
  setToneTiming(onMs: number, offMs: number): void {
    this.call(ioctl.PHONE_SET_TONE_ON_TIME, "PHONE_SET_TONE_ON_TIME", Math.round(onMs * 4));
    this.call(ioctl.PHONE_SET_TONE_OFF_TIME, "PHONE_SET_TONE_OFF_TIME", Math.round(offMs * 4));
  }

  /** PHONE_PLAY_TONE with a driver tone code (DTMF codes 1-12, 28-31). */
  playTone(code: number): void {
    this.call(ioctl.PHONE_PLAY_TONE, "PHONE_PLAY_TONE", code);
  }

  /** PHONE_GET_TONE_STATE: non-zero while a tone plays. */
  toneState(): number {
    return this.call(ioctl.PHONE_GET_TONE_STATE, "PHONE_GET_TONE_STATE");
  }

  /** IXJCTL_PORT: selects a port (1 POTS, 2 PSTN, 3 speaker, 4 handset); throws if refused. */
  setPort(port: number): void {
    if (this.call(ioctl.IXJCTL_PORT, "IXJCTL_PORT", port) !== 0) {
      throw new LineError(this.path, `the card refuses port ${port} (IXJCTL_PORT)`);
    }
  }

  /** IXJCTL_PORT with PORT_QUERY: the port in use. */
  port(): number {
    return this.call(ioctl.IXJCTL_PORT, "IXJCTL_PORT", 0);
  }

  /** PHONE_PSTN_SET_STATE (LineJACK): on-hook 0, ringing 1, off-hook 2, pulse dial 3. */
  setPstnState(state: number): void {
    this.call(ioctl.PHONE_PSTN_SET_STATE, "PHONE_PSTN_SET_STATE", state);
  }

  /** PHONE_PSTN_GET_STATE (also clears the pstn_ring exception bit). */
  pstnState(): number {
    return this.call(ioctl.PHONE_PSTN_GET_STATE, "PHONE_PSTN_GET_STATE");
  }

  /** read(2) of one frame: bytes read, or minus errno. */
  read(buffer: Uint8Array<ArrayBuffer>): number {
    const n = Number(this.libc.read(this.#open, buffer, BigInt(buffer.length)));
    return n < 0 ? -lastErrno(this.libc) : n;
  }

  /** write(2) of one frame: bytes written, or minus errno. */
  write(buffer: Uint8Array<ArrayBuffer>): number {
    const n = Number(this.libc.write(this.#open, buffer, BigInt(buffer.length)));
    return n < 0 ? -lastErrno(this.libc) : n;
  }

  /** poll(2) with no wait: the events ready now. */
  pollNow(events: number): number {
    const pfd = this.#pollfd(events);
    const n = this.libc.poll(pfd, 1n, 0);
    return n > 0 ? new DataView(pfd.buffer).getInt16(6, true) : 0;
  }

  /** poll(2) on a worker thread for up to `timeoutMs`: the events ready (0 on timeout). */
  async pollWait(events: number, timeoutMs: number): Promise<number> {
    const pfd = this.#pollfd(events);
    const n = await this.libc.pollWait(pfd, 1n, Math.round(timeoutMs));
    return n > 0 ? new DataView(pfd.buffer).getInt16(6, true) : 0;
  }

  #pollfd(events: number): Uint8Array<ArrayBuffer> {
    const pfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
    const view = new DataView(pfd.buffer);
    view.setInt32(0, this.#open, true);
    view.setInt16(4, events, true);
    return pfd;
  }

  /** Closes the device (idempotent). */
  close(): void {
    if (this.#fd < 0) return;
    this.libc.close(this.#fd);
    this.#fd = -1;
  }
}
