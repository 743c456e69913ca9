// Frame erasure concealment (G.723.1 clause 3.10): after each good frame the decoder
// classifies the excitation as voiced (with a lag) or not; an erased frame then
// repeats the last pitch period, attenuated, or plays attenuated random noise. After
// three erased frames in a row the output is muted.
import { L_msu, L_mult, L_shr, mult, round } from "./basic_ops";
import { FRAME, MAX_ERASED, PITCH_MAX, SUBFRAME } from "./constants";
import { ld, st, zero16 } from "./mem";
import { normalize, Random } from "./util";
import { macChain } from "./dot";

// What the voicing classifier leaves behind for the concealment and for comfort noise.
export class VoicingInfo {
  // Lag to repeat, 0 when unvoiced.
  lag: i32 = 0;
  // Rounded energy of the last two subframes of the normalised excitation.
  energy: i32 = 0;
  // Normalisation shift applied to the excitation (see util normalize).
  shift: i32 = 0;
}

// Classifies the frame's excitation at `exc` (PITCH_MAX history + FRAME samples,
// normalised in place) around the open-loop lag `olp`.
export function classifyVoicing(exc: usize, olp: i32, info: VoicingInfo): void {
  info.shift = normalize(exc, PITCH_MAX + FRAME);
  if (olp > PITCH_MAX - 3) olp = PITCH_MAX - 3;
  const tail = PITCH_MAX + FRAME - 2 * SUBFRAME;
  let lag = olp;
  let best = 0;
  for (let i = olp - 3; i <= olp + 3; i++) {
    const acc = macChain(0, exc + <usize>(tail * 2), exc + <usize>((tail - i) * 2), 2 * SUBFRAME);
    if (acc > best) {
      best = acc;
      lag = i;
    }
  }
  const recent = exc + <usize>(tail * 2);
  let acc = macChain(0, recent, recent, 2 * SUBFRAME);
  const target = round(acc);
  info.energy = target;
  const lagged = exc + <usize>((tail - lag) * 2);
  acc = macChain(0, lagged, lagged, 2 * SUBFRAME);
  const cross = round(best);
  if (cross <= 0) {
    info.lag = 0;
    return;
  }
  const energy = round(acc);
  acc = L_shr(L_mult(energy, target), 3);
  acc = L_msu(acc, cross, cross);
  // Voiced when the prediction gain exceeds about 1.5 dB (cross^2 > energies / 8).
  info.lag = acc < 0 ? lag : 0;
}

// Excitation of an erased frame into `out` (FRAME samples). `exc` holds PITCH_MAX
// samples of history followed by room for FRAME; it is left as the new history.
export function concealExcitation(
  out: usize,
  exc: usize,
  lag: i32,
  gain: i32,
  erasures: i32,
  random: Random,
): void {
  if (erasures >= MAX_ERASED) {
    zero16(out, FRAME);
    zero16(exc, PITCH_MAX + FRAME);
    return;
  }
  if (lag != 0) {
    for (let i = 0; i < FRAME; i++) st(exc, PITCH_MAX + i, ld(exc, PITCH_MAX - lag + i));
    for (let i = 0; i < FRAME; i++) {
      const v = mult(ld(exc, PITCH_MAX + i), 0x6000);
      st(exc, PITCH_MAX + i, v);
      st(out, i, v);
    }
  } else {
    for (let i = 0; i < FRAME; i++) st(out, i, mult(gain, random.next()));
    zero16(exc, PITCH_MAX + FRAME);
  }
}
