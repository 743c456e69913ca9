/** A one-line progress bar on stderr, shown only when stderr is a terminal. */
export class Progress {
  private readonly enabled: boolean;
  private lastDraw = 0;

  constructor(private readonly label: string, private readonly total: number) {
    this.enabled = Deno.stderr.isTerminal() && total > 0;
  }

  /** Redraws at most ten times a second. */
  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const fraction = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    this.write(`\r${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%`);
  }

  /** Clears the line. */
  done(): void {
    if (this.enabled) this.write("\r\x1b[K");
  }

  private write(text: string) {
    Deno.stderr.writeSync(new TextEncoder().encode(text));
  }
}
