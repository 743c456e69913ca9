import assert from "node:assert/strict";
import { libc } from "../sys/libc.ts";
import { EFD_CLOEXEC, EFD_NONBLOCK, POLLIN } from "../sys/linux_abi.ts";
import { type ReadinessStrategy, watchReadiness } from "./readiness.ts";

for (const strategy of ["epoll", "thread", "timer"] as ReadinessStrategy[]) {
  Deno.test(`watchReadiness ${strategy}: reports POLLIN until drained, then stops`, async () => {
    const c = libc();
    const fd = c.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    const seen: number[] = [];
    const ready = Promise.withResolvers<void>();
    const watcher = watchReadiness(fd, strategy, (revents) => {
      seen.push(revents);
      c.read(fd, new BigUint64Array(1), 8n); // drain, as a socket would
      ready.resolve();
    });
    try {
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(seen.length, 0, "nothing reported while nothing is readable");
      c.write(fd, new BigUint64Array([1n]), 8n);
      await ready.promise;
      assert.equal(seen[0] & POLLIN, POLLIN);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(seen.length, 1, "a drained descriptor is not reported again");
    } finally {
      await watcher.stop();
      c.close(fd);
    }
  });
}

Deno.test("watchReadiness: bad strategy or interval", () => {
  assert.throws(
    () => watchReadiness(0, "busy" as ReadinessStrategy, () => {}),
    /unknown readiness strategy "busy"/,
  );
  assert.throws(() => watchReadiness(0, "timer", () => {}, -1), /timer interval -1 ms/);
});
