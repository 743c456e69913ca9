import assert from "node:assert/strict";
import { libc } from "../sys/libc.ts";
import { EFD_CLOEXEC, EFD_NONBLOCK, POLLIN } from "../sys/linux_abi.ts";
import { Reactor } from "./reactor.ts";

function eventfd(): number {
  const fd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  assert.ok(fd >= 0);
  return fd;
}
const bump = (fd: number) => libc().write(fd, new BigUint64Array([1n]), 8n);
const drain = (fd: number) => libc().read(fd, new BigUint64Array(1), 8n);

Deno.test("Reactor: many descriptors, one wait; each ready one is reported, stopped ones not", async () => {
  const reactor = new Reactor();
  const fds = Array.from({ length: 50 }, eventfd);
  const seen = new Map<number, number>();
  const all = Promise.withResolvers<void>();
  const watches = fds.map((fd) =>
    reactor.watch(fd, (revents) => {
      assert.equal(revents & POLLIN, POLLIN);
      drain(fd);
      seen.set(fd, (seen.get(fd) ?? 0) + 1);
      if (seen.size === 40) all.resolve();
    })
  );
  try {
    await watches[45].stop();
    for (const fd of fds.slice(0, 40)) bump(fd);
    bump(fds[45]); // stopped: never reported
    await all.promise;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.size, 40);
    for (const fd of fds.slice(0, 40)) assert.equal(seen.get(fd), 1, "drained: reported once");
    assert.equal(seen.has(fds[45]), false);
    assert.ok(
      reactor.stats.wakeUps <= 41,
      `at most one wake-up per event (${reactor.stats.wakeUps})`,
    );
    assert.equal(reactor.stats.watched, 49);
  } finally {
    for (const w of watches) await w.stop();
    for (const fd of fds) libc().close(fd);
  }
  assert.equal(reactor.stats.watched, 0);
});

Deno.test("Reactor: poll() runs ready callbacks on the spot, and a throwing callback is contained", async () => {
  const reactor = new Reactor();
  const a = eventfd(), b = eventfd();
  let aSeen = 0;
  const wa = reactor.watch(a, () => {
    drain(a);
    aSeen++;
  });
  const wb = reactor.watch(b, () => {
    drain(b);
    throw new Error("handler bug (expected in this test)");
  });
  try {
    assert.equal(reactor.poll(), 0, "nothing ready");
    bump(a);
    bump(b);
    assert.equal(reactor.poll(), 2);
    assert.equal(aSeen, 1);
    assert.equal(reactor.stats.callbackErrors, 1);
  } finally {
    await wa.stop();
    await wb.stop();
    libc().close(a);
    libc().close(b);
  }
});

Deno.test("Reactor: a descriptor number closed and reused gets only its new callback", async () => {
  const reactor = new Reactor();
  const first = eventfd();
  let old = 0, fresh = 0;
  const w1 = reactor.watch(first, () => old++);
  await w1.stop();
  libc().close(first);
  const second = eventfd(); // the kernel hands out the lowest free number: usually the same
  const got = Promise.withResolvers<void>();
  const w2 = reactor.watch(second, () => {
    drain(second);
    fresh++;
    got.resolve();
  });
  try {
    bump(second);
    await got.promise;
    assert.equal(old, 0);
    assert.equal(fresh, 1);
  } finally {
    await w2.stop();
    libc().close(second);
  }
});

// The reason for the reactor: with one pool thread per socket, 33 listening sockets used to
// freeze stdin and file reads of the whole process. A child process holds 2,000 listening
// sockets (traffic flowing through some of them) and must still answer on stdin, read a file
// and fire a timer. Bounds are generous: only completion is asserted, not timing.
Deno.test("Reactor: 2,000 listening sockets leave stdin, file reads and timers responsive", async () => {
  const socketUrl = new URL("./udp_socket.ts", import.meta.url).href;
  const libcUrl = new URL("../sys/libc.ts", import.meta.url).href;
  const file = await Deno.makeTempFile();
  await Deno.writeTextFile(file, "file content");
  const child = `
    import { UdpSocket } from "${socketUrl}";
    import { libc, lastErrno } from "${libcUrl}";
    const limit = new BigUint64Array(2);
    libc().getrlimit(7, limit);
    if (limit[0] < 2200n) {
      limit[0] = limit[1] < 4096n ? limit[1] : 4096n;
      if (libc().setrlimit(7, limit) < 0 || limit[0] < 2200n) {
        throw new Error("cannot raise RLIMIT_NOFILE to 2200 (errno " + lastErrno() + ")");
      }
    }
    const sockets = [];
    let received = 0;
    for (let i = 0; i < 2000; i++) {
      const s = UdpSocket.bind({ address: "127.0.0.1", port: 0 });
      s.listen(() => received++);
      sockets.push(s);
    }
    const out = (o) => Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify(o) + "\\n"));
    const traffic = setInterval(() => {
      for (let i = 0; i < 200; i++) sockets[i].sendTo(new Uint8Array(172), sockets[1999 - i].localAddress);
    }, 20);
    while (received < 1000) await new Promise((r) => setTimeout(r, 20));
    out({ ready: true });
    const buf = new Uint8Array(64);
    const n = await Deno.stdin.read(buf);
    const line = new TextDecoder().decode(buf.subarray(0, n ?? 0)).trim();
    const text = await Deno.readTextFile(${JSON.stringify(file)});
    const fired = await new Promise((r) => setTimeout(() => r(true), 5));
    clearInterval(traffic);
    await new Promise((r) => setTimeout(r, 100));
    out({ line, text, fired, received });
    for (const s of sockets) s.close();
  `;
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["eval", child],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { DENO_NO_UPDATE_CHECK: "1" },
  }).spawn();
  const killer = setTimeout(() => proc.kill("SIGKILL"), 120_000);
  try {
    const reader = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const nextLine = async (): Promise<Record<string, unknown>> => {
      while (!text.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`child ended early; output so far: ${text}`);
        text += value;
      }
      const at = text.indexOf("\n");
      const line = text.slice(0, at);
      text = text.slice(at + 1);
      return JSON.parse(line);
    };
    assert.deepEqual(await nextLine(), { ready: true });
    const writer = proc.stdin.getWriter();
    await writer.write(new TextEncoder().encode("ping\n"));
    await writer.close();
    const result = await nextLine();
    assert.equal(result.line, "ping", "stdin was read");
    assert.equal(result.text, "file content", "the file was read");
    assert.equal(result.fired, true, "the timer fired");
    assert.ok((result.received as number) >= 1000, `datagrams flowed (${result.received})`);
    reader.releaseLock();
    const status = await proc.status;
    if (!status.success) {
      const err = await new Response(proc.stderr).text();
      assert.fail(`child failed: ${err}`);
    }
  } finally {
    clearTimeout(killer);
    await proc.stdout.cancel().catch(() => {});
    await proc.stderr.cancel().catch(() => {});
    await Deno.remove(file);
  }
});
