import assert from "node:assert/strict";
import { renderChart } from "./delay_plot.ts";

Deno.test("the chart is one SVG document with a path and a legend entry per series", () => {
  const svg = renderChart([
    { label: "network <delay>", color: "#999", style: "dots", points: [[0, 50], [1, 70], [2, 60]] },
    { label: "playout", color: "#00f", style: "line", points: [[0, 90], [2, 95]] },
  ], { title: "t & u", xLabel: "s", yLabel: "ms", yMax: 80 });
  assert.ok(svg.startsWith("<svg") && svg.endsWith("</svg>"));
  assert.equal(svg.match(/<path /g)?.length, 2);
  assert.ok(svg.includes("network &lt;delay&gt;") && svg.includes("t &amp; u"), "text is escaped");
  // Values above yMax are drawn at the top edge (y = 30), not outside the plot.
  assert.ok(svg.includes(" 30.0"));
});
