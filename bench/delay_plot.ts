/**
 * A minimal SVG line/point chart for delay-over-time plots (no dependencies).
 * @module
 */

/** One series: points (x, y); drawn as dots or as a line. */
export interface Series {
  label: string;
  color: string;
  points: [number, number][];
  style: "dots" | "line";
}

/** Chart options. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Clip the y axis at this value (spikes would squash everything else). */
  yMax?: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
}

/** Renders the series as an SVG document. */
export function renderChart(series: Series[], o: ChartOptions): string {
  const W = o.width ?? 1000, H = o.height ?? 420;
  const left = 60, right = 170, top = 30, bottom = 45;
  const all = series.flatMap((s) => s.points);
  const xMin = Math.min(...all.map((p) => p[0])), xMax = Math.max(...all.map((p) => p[0]));
  const yMax = o.yMax ?? Math.max(...all.map((p) => p[1]));
  const yMin = 0;
  const sx = (x: number) => left + ((x - xMin) / Math.max(1e-9, xMax - xMin)) * (W - left - right);
  const sy = (y: number) =>
    top + (1 - (Math.min(y, yMax) - yMin) / Math.max(1e-9, yMax - yMin)) * (H - top - bottom);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(o.title)}</text>`,
  );
  const yStep = niceStep(yMax - yMin, 8);
  for (let y = yMin; y <= yMax; y += yStep) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${sy(y)}" y2="${sy(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${sy(y) + 4}" text-anchor="end">${y}</text>`);
  }
  const xStep = niceStep(xMax - xMin, 10);
  for (let x = Math.ceil(xMin / xStep) * xStep; x <= xMax; x += xStep) {
    parts.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${top}" y2="${H - bottom}" stroke="#eee"/>`);
    parts.push(
      `<text x="${sx(x)}" y="${H - bottom + 16}" text-anchor="middle">${+x.toFixed(3)}</text>`,
    );
  }
  parts.push(
    `<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle">${esc(o.xLabel)}</text>`,
  );
  parts.push(
    `<text x="14" y="${(top + H - bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${
      (top + H - bottom) / 2
    })">${esc(o.yLabel)}</text>`,
  );
  for (const s of series) {
    if (s.style === "dots") {
      const d = s.points.map(([x, y]) => `M${sx(x).toFixed(1)} ${sy(y).toFixed(1)}h0.1`).join("");
      parts.push(
        `<path d="${d}" stroke="${s.color}" stroke-width="2.2" stroke-linecap="round" fill="none"/>`,
      );
    } else {
      const d = s.points.map(([x, y], i) =>
        `${i ? "L" : "M"}${sx(x).toFixed(1)} ${sy(y).toFixed(1)}`
      ).join("");
      parts.push(`<path d="${d}" stroke="${s.color}" stroke-width="1.2" fill="none"/>`);
    }
  }
  series.forEach((s, i) => {
    const y = top + 10 + i * 18;
    parts.push(
      `<rect x="${W - right + 12}" y="${y - 8}" width="14" height="4" fill="${s.color}"/>`,
    );
    parts.push(`<text x="${W - right + 32}" y="${y - 2}">${esc(s.label)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}
