// G.711 companding, as the ITU-T G.191 STL computes it. The STL takes the one's
// complement of negative inputs before truncating to 13 (A-law) or 14 (mu-law)
// bits, so -1..-3 become mu-law "negative zero" (0x7F); popular encoders that
// use the two's-complement magnitude differ there, and the STL is the truth.

/** Linear 16-bit sample to an A-law line octet (even bits already inverted). */
export function alawEncode(x: i32): u8 {
  const negative = x < 0;
  let magnitude = (negative ? ~x : x) >> 4; // 12-bit magnitude, 0..2047
  // Segments 0 and 1 share one step size, so below 32 the magnitude is the code.
  let code = magnitude;
  if (magnitude > 31) {
    let segment = 1;
    while (magnitude > 31) {
      magnitude >>= 1;
      segment++;
    }
    code = (segment << 4) | (magnitude - 16);
  }
  if (!negative) code |= 0x80;
  return <u8> (code ^ 0x55);
}

/** A-law line octet to the linear reconstruction level, left-justified in 16 bits. */
export function alawDecode(octet: i32): i16 {
  const code = (octet ^ 0x55) & 0x7f;
  const segment = code >> 4;
  let mantissa = code & 0x0f;
  if (segment > 0) mantissa += 16;
  let level = (mantissa << 4) + 8;
  if (segment > 1) level <<= segment - 1;
  return <i16> ((octet & 0x80) != 0 ? level : -level);
}

/** Linear 16-bit sample to a mu-law line octet (bits inverted). */
export function ulawEncode(x: i32): u8 {
  const negative = x < 0;
  // Biased 14-bit magnitude; the bias of 33 puts the segment ends on powers of two.
  const biased = min((negative ? ~x : x) >> 2, 0x1fff - 33) + 33;
  let segment = 1;
  for (let rest = biased >> 6; rest != 0; rest >>= 1) segment++;
  const mantissa = (biased >> segment) & 0x0f;
  let code = ((8 - segment) << 4) | (0x0f - mantissa);
  if (!negative) code |= 0x80;
  return <u8> code;
}

/** Mu-law line octet to the linear reconstruction level (0x7F and 0xFF both give 0). */
export function ulawDecode(octet: i32): i16 {
  const inverted = ~octet;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const level = (0x80 << exponent) + step * mantissa + (step >> 1) - 4 * 33;
  return <i16> (octet < 0x80 ? -level : level);
}
