// Covariance LPC analysis (mload.c, invert.c, rcchk.c of the reference): the
// covariance matrix of the analysis window, its Cholesky decomposition giving the
// reflection coefficients, and the stability check.
import { lf, sf } from "./mem";

const v = new StaticArray<f32>(100);

/**
 * Covariance matrix phi (order x order, column-major, 0-based) and vector psi of
 * samples awins..awinf of `speech` (1-based).
 */
export function mload(order: i32, awins: i32, awinf: i32, speech: usize, phi: usize, psi: usize): void {
  // phi(r, c) at phi[(r-1) + (c-1)*order]; psi(i) at psi[i-1]
  const start = awins + order;
  for (let r = 1; r <= order; r++) {
    let acc: f32 = 0;
    for (let i = start; i <= awinf; i++) acc += lf(speech, i - 1) * lf(speech, i - r);
    sf(phi, r - 1, acc);
  }
  let acc: f32 = 0;
  for (let i = start; i <= awinf; i++) acc += lf(speech, i) * lf(speech, i - order);
  sf(psi, order - 1, acc);
  for (let r = 2; r <= order; r++) {
    for (let c = 2; c <= r; c++) {
      sf(
        phi,
        r - 1 + (c - 1) * order,
        lf(phi, r - 2 + (c - 2) * order) -
          lf(speech, awinf + 1 - r) * lf(speech, awinf + 1 - c) +
          lf(speech, start - r) * lf(speech, start - c),
      );
    }
  }
  for (let c = 1; c <= order - 1; c++) {
    sf(
      psi,
      c - 1,
      lf(phi, c) - lf(speech, start - 1) * lf(speech, start - 1 - c) +
        lf(speech, awinf) * lf(speech, awinf - c),
    );
  }
}

/** Solves phi * rc = psi by Cholesky decomposition; rc 0-based, clipped to +-0.999. */
export function invert(order: i32, phi: usize, psi: usize, rc: usize): void {
  const vp = changetype<usize>(v);
  for (let j = 1; j <= order; j++) {
    for (let i = j; i <= order; i++) sf(vp, i + j * 10 - 11, lf(phi, i - 1 + (j - 1) * order));
    for (let k = 1; k <= j - 1; k++) {
      const save = lf(vp, j + k * 10 - 11) * lf(vp, k + k * 10 - 11);
      for (let i = j; i <= order; i++) {
        sf(vp, i + j * 10 - 11, lf(vp, i + j * 10 - 11) - lf(vp, i + k * 10 - 11) * save);
      }
    }
    if (Mathf.abs(lf(vp, j + j * 10 - 11)) < <f32> 1e-10) {
      for (let i = j; i <= order; i++) sf(rc, i - 1, 0);
      return;
    }
    let r = lf(psi, j - 1);
    for (let k = 1; k <= j - 1; k++) r -= lf(rc, k - 1) * lf(vp, j + k * 10 - 11);
    const inv = <f32> 1 / lf(vp, j + j * 10 - 11);
    sf(vp, j + j * 10 - 11, inv);
    r *= inv;
    sf(rc, j - 1, max(min(r, <f32> 0.999), <f32> -0.999));
  }
}

/** Replaces rc2 by rc1 (both 0-based) when any |rc2| exceeds 0.99. */
export function rcchk(order: i32, rc1: usize, rc2: usize): void {
  for (let i = 0; i < order; i++) {
    if (Mathf.abs(lf(rc2, i)) > <f32> 0.99) {
      for (let k = 0; k < order; k++) sf(rc2, k, lf(rc1, k));
      return;
    }
  }
}
