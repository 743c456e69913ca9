/**
 * NOTASIP (draft-ohta-notasip): call set-up for the Simple Internet Phone with no signaling
 * packets of its own. The caller streams voice to the callee's well-known UDP port; the
 * callee answers from a new random port; ICMP port unreachable means busy or hung up;
 * 30 s of silence ends a call.
 *
 * The {@link Caller} and {@link Callee} are pure state machines: inputs are packets,
 * ICMP errors, ticks and user actions, each with the time; outputs are effects and
 * events. {@link NotasipDriver} runs one over sockets ({@link TransportFactory}).
 *
 * @example
 * ```ts
 * import { Callee, Caller } from "./mod.ts";
 * const caller = new Caller(), callee = new Callee();
 * callee.listen(0);
 * const dialed = caller.dial({ address: "192.0.2.1" }, 0);
 * // the caller's first packet reaches the callee's well-known port
 * const callerEnd = { address: "198.51.100.2", port: caller.localPort! };
 * const rang = callee.packetReceived(callerEnd, { address: "192.0.2.1", port: 10000 }, true, 20);
 * // the callee's one reply reaches the caller: established there
 * const reply = { address: "192.0.2.1", port: callee.calls[0].local.port };
 * caller.packetReceived(reply, callerEnd, true, 40);
 * console.log(dialed.events.length, rang.effects.length, caller.state); // 1 4 "established"
 * ```
 * @module
 */
export * from "./endpoint.ts";
export * from "./events.ts";
export * from "./port_quarantine.ts";
export * from "./caller.ts";
export * from "./callee.ts";
export * from "./driver.ts";
export type * from "./transport.ts";
