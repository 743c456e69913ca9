import assert from "node:assert/strict";
import { ECONNREFUSED, errnoDescription, errnoName, NetError } from "./net_error.ts";
import { errnoMessage } from "../sys/libc.ts";

Deno.test("NetError.fromErrno names the call, the target and the errno", () => {
  const err = NetError.fromErrno("sendto", ECONNREFUSED, "to 127.0.0.1:9");
  assert.equal(err.message, "sendto to 127.0.0.1:9: ECONNREFUSED (Connection refused)");
  assert.equal(err.errno, 111);
  assert.equal(err.code, "ECONNREFUSED");
  assert.equal(err.operation, "sendto");
  assert.equal(err.name, "NetError");
  assert.ok(err instanceof Error);
  assert.equal(
    NetError.fromErrno("socket", 97).message,
    "socket: EAFNOSUPPORT (Address family not supported by protocol)",
  );
});

Deno.test("NetError.invalid is a rejected argument", () => {
  const err = NetError.invalid("bind", "port 70000 is not an integer 0..65535");
  assert.equal(err.message, "bind: port 70000 is not an integer 0..65535");
  assert.equal(err.errno, 0);
  assert.equal(err.code, "invalid-argument");
});

Deno.test("errno names and descriptions agree with glibc's strerror", () => {
  for (const errno of [1, 11, 13, 22, 90, 98, 99, 101, 111, 113]) {
    assert.equal(errnoDescription(errno), errnoMessage(errno), `errno ${errno}`);
  }
  assert.equal(errnoName(113), "EHOSTUNREACH");
  assert.equal(errnoName(9999), "errno 9999");
});
