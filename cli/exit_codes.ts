/**
 * What `phone` exits with, so scripts can tell outcomes apart.
 *
 * | code | meaning                                                                 |
 * | ---- | ----------------------------------------------------------------------- |
 * | 0    | done: the call connected and ended normally, or the session was quit    |
 * | 1    | usage error or another failure (bad option, audio device failed)        |
 * | 3    | busy: the callee refused the call (ICMP port unreachable before set-up) |
 * | 4    | unreachable or timed out: no answer, or the peer fell silent for 30 s   |
 * | 5    | bad target: malformed URL or address, unknown host, number not found    |
 * | 6    | no codec in common with the callee                                      |
 * | 7    | cannot listen: the well-known port could not be bound (reason printed)  |
 * @module
 */

/** Exit statuses of `phone`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  busy: 3,
  unreachable: 4,
  badTarget: 5,
  noCommonCodec: 6,
  cannotListen: 7,
} as const;

/** How a call ended, from the phone's last state and its reason. */
export function callExitCode(state: string, reason?: string): number {
  if (state === "busy") return EXIT.busy;
  if (reason === "timeout") return EXIT.unreachable;
  if (reason === "socket-error") return EXIT.failure;
  return EXIT.ok;
}

/** The status for an error thrown while placing a call. */
export function errorExitCode(e: unknown): number {
  const name = (e as Error)?.name;
  if (name === "NoCommonCodecError") return EXIT.noCommonCodec;
  if (["SessionUrlError", "ResolveError", "CallTargetError", "TargetError"].includes(name)) {
    return EXIT.badTarget;
  }
  if (name === "ListenError") return EXIT.cannotListen;
  return EXIT.failure;
}
