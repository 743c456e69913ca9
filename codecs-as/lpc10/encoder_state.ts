// Encoder memory (lpc10_encoder_state of the reference), with its initial values.
import { clearF, clearI } from "./decoder_state";

export class EncoderState {
  // high-pass filter (hp100)
  z11: f32 = 0;
  z21: f32 = 0;
  z12: f32 = 0;
  z22: f32 = 0;
  // analysis buffers (analys): inbuf/pebuf hold samples 181..720, lpbuf 25..720,
  // ivbuf 229..540 of the reference's sample numbering
  inbuf: StaticArray<f32> = new StaticArray<f32>(540);
  pebuf: StaticArray<f32> = new StaticArray<f32>(540);
  lpbuf: StaticArray<f32> = new StaticArray<f32>(696);
  ivbuf: StaticArray<f32> = new StaticArray<f32>(312);
  bias: f32 = 0;
  osbuf: StaticArray<i32> = new StaticArray<i32>(10);
  osptr: i32 = 1;
  obound: StaticArray<i32> = new StaticArray<i32>(3);
  vwin: StaticArray<i32> = new StaticArray<i32>(6);
  awin: StaticArray<i32> = new StaticArray<i32>(6);
  voibuf: StaticArray<i32> = new StaticArray<i32>(8);
  rmsbuf: StaticArray<f32> = new StaticArray<f32>(3);
  rcbuf: StaticArray<f32> = new StaticArray<f32>(30);
  zpre: f32 = 0;
  // onset detection (onset)
  n: f32 = 0;
  d: f32 = 1;
  fpc: f32 = 0;
  l2buf: StaticArray<f32> = new StaticArray<f32>(16);
  l2sum1: f32 = 0;
  l2ptr1: i32 = 1;
  l2ptr2: i32 = 9;
  lasti: i32 = 0;
  hyst: bool = false;
  // voicing decision (voicin)
  dither: f32 = 20;
  snr: f32 = 0;
  maxmin: f32 = 0;
  voice: StaticArray<f32> = new StaticArray<f32>(6);
  lbve: i32 = 3000;
  lbue: i32 = 93;
  fbve: i32 = 3000;
  fbue: i32 = 187;
  ofbue: i32 = 187;
  sfbue: i32 = 187;
  olbue: i32 = 93;
  slbue: i32 = 93;
  // pitch tracking (dyptrk)
  s: StaticArray<f32> = new StaticArray<f32>(60);
  p: StaticArray<i32> = new StaticArray<i32>(120);
  ipoint: i32 = 0;
  alphax: f32 = 0;
  // sync bit (chanwr)
  isync: i32 = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.z11 = 0;
    this.z21 = 0;
    this.z12 = 0;
    this.z22 = 0;
    clearF(this.inbuf);
    clearF(this.pebuf);
    clearF(this.lpbuf);
    clearF(this.ivbuf);
    this.bias = 0;
    clearI(this.osbuf);
    this.osptr = 1;
    clearI(this.obound);
    clearI(this.vwin);
    clearI(this.awin);
    this.vwin[4] = 307;
    this.vwin[5] = 462;
    this.awin[4] = 307;
    this.awin[5] = 462;
    clearI(this.voibuf);
    clearF(this.rmsbuf);
    clearF(this.rcbuf);
    this.zpre = 0;
    this.n = 0;
    this.d = 1;
    this.fpc = 0;
    clearF(this.l2buf);
    this.l2sum1 = 0;
    this.l2ptr1 = 1;
    this.l2ptr2 = 9;
    this.lasti = 0;
    this.hyst = false;
    this.dither = 20;
    this.maxmin = 0;
    clearF(this.voice);
    this.lbve = 3000;
    this.fbve = 3000;
    this.fbue = 187;
    this.ofbue = 187;
    this.sfbue = 187;
    this.lbue = 93;
    this.olbue = 93;
    this.slbue = 93;
    this.snr = <f32> ((this.fbve / this.fbue) << 6);
    clearF(this.s);
    clearI(this.p);
    this.ipoint = 0;
    this.alphax = 0;
    this.isync = 0;
  }
}
