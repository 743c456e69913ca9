/**
 * The status page's only script, served as `/app.js` (kept in the module so the page needs no
 * file beside the code, e.g. in the bundled command line): server-sent events update the live
 * call without a reload, and the copy button puts the phone's `iphone:` link on the clipboard.
 * @module
 */

/** The script's source. */
export const CLIENT_JS = `"use strict";
const fields = [
  "state",
  "handset",
  "peer",
  "codec",
  "lossPercent",
  "jitterMs",
  "mos",
  "packetsSent",
  "packetsReceived",
  "dialed",
  "notice",
];
function show(status) {
  for (const key of fields) {
    const cell = document.getElementById(\`live-\${key}\`);
    if (!cell) continue;
    // A placed call shows what the caller hears: ringing (ring-back), then talking.
    const v = key === "state" && status.state === "connected" && status.progress
      ? status.progress
      : status[key];
    cell.textContent = v === undefined || v === null
      ? "–"
      : typeof v === "number"
      ? (Number.isInteger(v) ? String(v) : v.toFixed(2))
      : String(v);
  }
  document.body.dataset.callState = status.state;
}
if (document.getElementById("live")) {
  const events = new EventSource("/events");
  events.addEventListener("status", (e) => show(JSON.parse(e.data)));
  events.addEventListener("history", () => location.reload());
}
const copy = document.getElementById("copy-url");
if (copy) {
  copy.addEventListener("click", async () => {
    const url = document.getElementById("own-url").textContent;
    try {
      await navigator.clipboard.writeText(url);
      copy.textContent = "Copied";
    } catch {
      getSelection().selectAllChildren(document.getElementById("own-url"));
      copy.textContent = "Press Ctrl+C";
    }
  });
}
`;
