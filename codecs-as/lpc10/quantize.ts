// Parameter quantization (encode.c of the reference): pitch/voicing index, RMS index,
// log-area-ratio coding of RC(1), RC(2), linear coding of RC(3)..RC(10), and the
// Hamming(8,4) protection that replaces RC(5)..RC(10) in unvoiced frames.
import { ENADD, ENBITS, ENCTAB, ENSCL, ENTAB6, ENTAU, ORDER, RMST } from "./tables";

/**
 * Quantizes one frame: `rc` (0-based f32, 10) into `irc` (RC(1)..RC(10) at 0..9);
 * returns pitch index | rms index << 8.
 */
export function quantize(
  voice0: i32,
  voice1: i32,
  pitch: i32,
  rms: f32,
  rc: usize,
  irc: StaticArray<i32>,
): i32 {
  let irms = <i32> rms;
  for (let i = 0; i < ORDER; i++) irc[i] = <i32> (load<f32>(rc + (<usize> i << 2)) * <f32> 32768);
  let ipitch: i32;
  if (voice0 != 0 && voice1 != 0) {
    ipitch = unchecked(ENTAU[pitch - 1]);
  } else {
    ipitch = voice0 != voice1 ? 127 : 0;
  }
  // binary search of the RMS table
  let j = 32;
  let idel = 16;
  irms = min(irms, 1023);
  while (idel > 0) {
    if (irms > unchecked(RMST[j - 1])) j -= idel;
    if (irms < unchecked(RMST[j - 1])) j += idel;
    idel /= 2;
  }
  if (irms > unchecked(RMST[j - 1])) j--;
  irms = 31 - j / 2;
  for (let i = 0; i < 2; i++) {
    let i2 = irc[i];
    const neg = i2 < 0;
    if (neg) i2 = -i2;
    i2 /= 512;
    i2 = min(i2, 63);
    i2 = unchecked(ENTAB6[i2]);
    irc[i] = neg ? -i2 : i2;
  }
  for (let i = 3; i <= ORDER; i++) {
    let i2 = irc[i - 1] / 2;
    const k = ORDER + 1 - i - 1;
    i2 = <i32> (<f32> (i2 + unchecked(ENADD[k])) * unchecked(ENSCL[k]));
    i2 = min(max(i2, -127), 127);
    const nbit = unchecked(ENBITS[k]);
    const neg = i2 < 0;
    i2 /= 1 << nbit;
    if (neg) i2--;
    irc[i - 1] = i2;
  }
  if (ipitch == 0 || ipitch == 127) {
    irc[4] = unchecked(ENCTAB[(irc[0] & 30) / 2]);
    irc[5] = unchecked(ENCTAB[(irc[1] & 30) / 2]);
    irc[6] = unchecked(ENCTAB[(irc[2] & 30) / 2]);
    irc[7] = unchecked(ENCTAB[(irms & 30) / 2]);
    irc[8] = unchecked(ENCTAB[(irc[3] & 30) / 2]) / 2;
    irc[9] = unchecked(ENCTAB[(irc[3] & 30) / 2]) & 1;
  }
  return ipitch | (irms << 8);
}
