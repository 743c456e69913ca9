// Codewords to octets and back. RFC 3551 (G726-xx): the first codeword goes in
// the least significant bits of the first octet. ITU-T I.366.2 (AAL2-G726-xx):
// the first codeword goes in the most significant bits. Callers pass whole
// frames, so no codeword straddles the end.

/** Packs `n` codewords of `bits` bits; returns the octets written. */
export function pack(codes: usize, n: i32, bits: i32, out: usize, bigEndian: bool): i32 {
  let acc: u32 = 0;
  let held = 0;
  let written = 0;
  for (let k = 0; k < n; k++) {
    const code = <u32> load<u8>(codes + <usize> k);
    if (bigEndian) acc = (acc << <u32> bits) | code;
    else acc |= code << <u32> held;
    held += bits;
    if (held >= 8) {
      held -= 8;
      if (bigEndian) {
        store<u8>(out + <usize> written, <u8> (acc >> <u32> held));
      } else {
        store<u8>(out + <usize> written, <u8> acc);
        acc >>= 8;
      }
      written++;
    }
  }
  return written;
}

/** Unpacks `bytes` octets into codewords of `bits` bits; returns the count. */
export function unpack(data: usize, bytes: i32, bits: i32, codes: usize, bigEndian: bool): i32 {
  const mask: u32 = (1 << bits) - 1;
  let acc: u32 = 0;
  let held = 0;
  let n = 0;
  for (let k = 0; k < bytes; k++) {
    const octet = <u32> load<u8>(data + <usize> k);
    if (bigEndian) acc = (acc << 8) | octet;
    else acc |= octet << <u32> held;
    held += 8;
    while (held >= bits) {
      held -= bits;
      let code: u32;
      if (bigEndian) {
        code = (acc >> <u32> held) & mask;
      } else {
        code = acc & mask;
        acc >>= <u32> bits;
      }
      store<u8>(codes + <usize> n, <u8> code);
      n++;
    }
  }
  return n;
}
