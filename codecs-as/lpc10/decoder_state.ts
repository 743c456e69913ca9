// Decoder memory (lpc10_decoder_state of the reference), with its initial values.
export class DecoderState {
  // parameter smoothing and error correction (decode)
  iptold: i32 = 60;
  first: bool = true;
  ivp2h: i32 = 0;
  iovoic: i32 = 0;
  iavgp: i32 = 60;
  erate: i32 = 0;
  drc: StaticArray<i32> = new StaticArray<i32>(30); // [3][10], three frames per RC
  dpit: StaticArray<i32> = new StaticArray<i32>(3);
  drms: StaticArray<i32> = new StaticArray<i32>(3);
  // output buffer (synths)
  buf: StaticArray<f32> = new StaticArray<f32>(360);
  buflen: i32 = 180;
  // parameter interpolation (pitsyn)
  ivoico: i32 = 0;
  ipito: i32 = 0;
  rmso: f32 = 1;
  rco: StaticArray<f32> = new StaticArray<f32>(10);
  jsamp: i32 = 0;
  firstPitsyn: bool = true;
  // excitation and synthesis filter (bsynz)
  ipo: i32 = 0;
  exc: StaticArray<f32> = new StaticArray<f32>(166);
  exc2: StaticArray<f32> = new StaticArray<f32>(166);
  lpi1: f32 = 0;
  lpi2: f32 = 0;
  lpi3: f32 = 0;
  hpi1: f32 = 0;
  hpi2: f32 = 0;
  hpi3: f32 = 0;
  rmsoBsynz: f32 = 0;
  // noise generator (random)
  rj: i32 = 2;
  rk: i32 = 5;
  ry: StaticArray<i16> = [-21161, -8478, 30892, -10216, 16950];
  // de-emphasis (deemp)
  dei1: f32 = 0;
  dei2: f32 = 0;
  deo1: f32 = 0;
  deo2: f32 = 0;
  deo3: f32 = 0;

  reset(): void {
    this.iptold = 60;
    this.first = true;
    this.ivp2h = 0;
    this.iovoic = 0;
    this.iavgp = 60;
    this.erate = 0;
    clearI(this.drc);
    clearI(this.dpit);
    clearI(this.drms);
    clearF(this.buf);
    this.buflen = 180;
    this.ivoico = 0;
    this.ipito = 0;
    this.rmso = 1;
    clearF(this.rco);
    this.jsamp = 0;
    this.firstPitsyn = true;
    this.ipo = 0;
    clearF(this.exc);
    clearF(this.exc2);
    this.lpi1 = 0;
    this.lpi2 = 0;
    this.lpi3 = 0;
    this.hpi1 = 0;
    this.hpi2 = 0;
    this.hpi3 = 0;
    this.rmsoBsynz = 0;
    this.rj = 2;
    this.rk = 5;
    this.ry[0] = -21161;
    this.ry[1] = -8478;
    this.ry[2] = 30892;
    this.ry[3] = -10216;
    this.ry[4] = 16950;
    this.dei1 = 0;
    this.dei2 = 0;
    this.deo1 = 0;
    this.deo2 = 0;
    this.deo3 = 0;
  }
}

export function clearF(a: StaticArray<f32>): void {
  memory.fill(changetype<usize>(a), 0, <usize> a.length << 2);
}

export function clearI(a: StaticArray<i32>): void {
  memory.fill(changetype<usize>(a), 0, <usize> a.length << 2);
}
