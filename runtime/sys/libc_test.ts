import assert from "node:assert/strict";
import { cString, errnoMessage, lastErrno, libc, loadLibc } from "./libc.ts";
import {
  AF_INET,
  AF_INET6,
  EFD_CLOEXEC,
  EFD_NONBLOCK,
  O_NONBLOCK,
  O_RDWR,
  POLLIN,
  SO_DOMAIN,
  SO_TYPE,
  SOCK_CLOEXEC,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOL_SOCKET,
} from "./linux_abi.ts";

Deno.test("libc: socket, getsockopt and close work; the constants match the kernel", () => {
  const c = libc();
  for (const family of [AF_INET, AF_INET6]) {
    const fd = c.socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assert.ok(fd >= 0, `socket(${family}) failed with errno ${lastErrno()}`);
    const value = new Int32Array(1);
    const length = new Uint32Array([4]);
    assert.equal(c.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, value, length), 0);
    assert.equal(value[0], family);
    assert.equal(c.getsockopt(fd, SOL_SOCKET, SO_TYPE, value, length), 0);
    assert.equal(value[0], SOCK_DGRAM);
    assert.equal(c.close(fd), 0);
  }
});

Deno.test("libc: errno is read right after a failing call", () => {
  const c = libc();
  assert.equal(c.close(-1), -1);
  assert.equal(lastErrno(), 9, "EBADF");
  assert.equal(c.socket(12345, SOCK_DGRAM, 0), -1);
  assert.equal(lastErrno(), 97, "EAFNOSUPPORT");
  assert.equal(errnoMessage(97), "Address family not supported by protocol");
});

Deno.test("libc: eventfd, write, read and a non-blocking poll on a pool thread", async () => {
  const c = libc();
  const fd = c.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  assert.ok(fd >= 0);
  try {
    const pollfd = new DataView(new ArrayBuffer(8));
    pollfd.setInt32(0, fd, true);
    pollfd.setInt16(4, 1, true); // POLLIN
    const waiting = c.pollWait(pollfd, 1n, 2000);
    setTimeout(() => c.write(fd, new BigUint64Array([5n]), 8n), 10);
    assert.equal(await waiting, 1, "poll returned because the eventfd became readable");
    assert.equal(pollfd.getInt16(6, true) & 1, 1);
    const counter = new BigUint64Array(1);
    assert.equal(c.read(fd, counter, 8n), 8n);
    assert.equal(counter[0], 5n);
    assert.equal(c.read(fd, counter, 8n), -1n);
    assert.equal(lastErrno(), 11, "EAGAIN on an empty non-blocking eventfd");
  } finally {
    c.close(fd);
  }
});

Deno.test("libc: a failed open leaves errno for the same thread; one binding per path", () => {
  const lib = loadLibc();
  assert.equal(loadLibc("libc.so.6"), lib);
  assert.equal(libc(), lib);
  assert.equal(lib.open(cString("/nonexistent/phone0"), O_RDWR | O_NONBLOCK, 0), -1);
  assert.equal(lastErrno(lib), 2);
  assert.equal(errnoMessage(2, lib), "No such file or directory");
});

Deno.test("libc: poll on a worker thread returns when the descriptor is ready", async () => {
  const lib = loadLibc();
  const fd = lib.open(cString("/dev/zero"), O_RDWR | O_NONBLOCK, 0);
  assert.ok(fd >= 0);
  try {
    const pfd = new Uint8Array(8);
    const view = new DataView(pfd.buffer);
    view.setInt32(0, fd, true);
    view.setInt16(4, POLLIN, true);
    assert.equal(await lib.pollWait(pfd, 1n, 1000), 1);
    assert.equal(view.getInt16(6, true) & POLLIN, POLLIN);
    const buffer = new Uint8Array(4).fill(9);
    assert.equal(Number(lib.read(fd, buffer, 4n)), 4);
    assert.deepEqual([...buffer], [0, 0, 0, 0]);
  } finally {
    lib.close(fd);
  }
});

Deno.test("libc: a missing library is a clear error naming it", () => {
  assert.throws(
    () => loadLibc("/nonexistent/libstandin.so"),
    /cannot load \/nonexistent\/libstandin\.so/,
  );
});
