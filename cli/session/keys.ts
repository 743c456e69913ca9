/**
 * What each key does during a session. Kept apart from the terminal so tests can press
 * keys without one.
 * @module
 */
import type { Phone } from "../../runtime/phone/phone.ts";
import type { Controls } from "./status_view.ts";

const VOLUME_STEP = 0.1;
const JITTER_STEP_MS = 20;

/**
 * Applies one key press; returns true if it meant something. `d` starts dialing: the keys
 * that follow make the target (shown as `controls.dialing`), Enter calls it through
 * `dial`, Escape cancels, Backspace erases.
 */
export function handleKey(
  key: string,
  phone: Phone,
  controls: Controls,
  quit: (code: number) => void,
  dial?: (target: string) => void,
): boolean {
  if (controls.dialing !== undefined) return dialKey(key, controls, dial);
  if (key === "d") {
    if (!dial) return false;
    controls.dialing = "";
    return true;
  }
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

function dialKey(key: string, controls: Controls, dial?: (target: string) => void): boolean {
  const typed = controls.dialing ?? "";
  if (key === "\r" || key === "\n") {
    controls.dialing = undefined;
    if (typed.trim()) dial?.(typed.trim());
  } else if (key === "\x1b" || key === "\x03") {
    controls.dialing = undefined;
  } else if (key === "\x7f" || key === "\b") {
    controls.dialing = typed.slice(0, -1);
  } else if (key >= " " && key.length === 1) {
    controls.dialing = typed + key;
  } else {
    return false;
  }
  return true;
}
