/**
 * The frame length of every line the phone opens, apart from the lines themselves so that
 * commands that only compute with it start without loading the audio back ends.
 * @module
 */

/** Frame length of every line the phone opens: 10 ms divides 20 and 30 ms packets. */
export const LINE_FRAME_MS = 10;
