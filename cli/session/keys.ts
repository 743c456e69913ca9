/**
 * What each key does during a session. Kept apart from the terminal so tests can press
 * keys without one.
 * @module
 */
import type { Phone } from "../../runtime/phone/phone.ts";
import type { Controls } from "./status_view.ts";

const VOLUME_STEP = 0.1;
const JITTER_STEP_MS = 20;

/** Applies one key press; returns true if it meant something. */
export function handleKey(
  key: string,
  phone: Phone,
  controls: Controls,
  quit: (code: number) => void,
): boolean {
  const line = phone.options.line;
  switch (key) {
    case "a":
      phone.answer();
      return true;
    case "h":
      phone.hangUp();
      return true;
    case "q":
    case "\x03": // Ctrl-C in raw mode
      quit(0);
      return true;
    case "m":
      controls.muted = !controls.muted;
      line.setMute(controls.muted);
      return true;
    case "+":
    case "-": {
      const v = controls.volume + (key === "+" ? VOLUME_STEP : -VOLUME_STEP);
      controls.volume = Math.round(Math.min(4, Math.max(0, v)) * 10) / 10;
      line.setGain({ playback: controls.volume });
      return true;
    }
    case "[":
    case "]": {
      const next = controls.jitterMaxMs + (key === "]" ? JITTER_STEP_MS : -JITTER_STEP_MS);
      controls.jitterMaxMs = Math.min(1000, Math.max(40, next));
      phone.setJitterMax(controls.jitterMaxMs);
      return true;
    }
  }
  if (/^[0-9*#A-D]$/.test(key)) {
    phone.sendDtmf(key);
    return true;
  }
  return false;
}
