import assert from "node:assert/strict";
import { cString, errnoText, lastErrno, loadLibc, O_NONBLOCK, O_RDWR, POLLIN } from "./libc.ts";

Deno.test("a failed open leaves errno for the same thread to read", () => {
  const libc = loadLibc();
  assert.equal(loadLibc("libc.so.6"), libc);
  assert.equal(libc.open(cString("/nonexistent/phone0"), O_RDWR | O_NONBLOCK, 0), -1);
  assert.equal(lastErrno(libc), 2);
  assert.equal(errnoText(libc, 2), "No such file or directory");
});

Deno.test("poll on a worker thread returns when the descriptor is ready", async () => {
  const libc = loadLibc();
  const fd = libc.open(cString("/dev/zero"), O_RDWR | O_NONBLOCK, 0);
  assert.ok(fd >= 0);
  try {
    const pfd = new Uint8Array(8);
    const view = new DataView(pfd.buffer);
    view.setInt32(0, fd, true);
    view.setInt16(4, POLLIN, true);
    assert.equal(await libc.pollWait(pfd, 1n, 1000), 1);
    assert.equal(view.getInt16(6, true) & POLLIN, POLLIN);
    const buffer = new Uint8Array(4).fill(9);
    assert.equal(Number(libc.read(fd, buffer, 4n)), 4);
    assert.deepEqual([...buffer], [0, 0, 0, 0]);
  } finally {
    libc.close(fd);
  }
});
