import assert from "node:assert/strict";
import * as abi from "./linux_abi.ts";
import { lastErrno, libc } from "./libc.ts";

Deno.test("linux_abi: struct sizes agree with the field offsets", () => {
  assert.equal(abi.MSGHDR_FLAGS + 4 + 4, /* padding */ abi.SIZEOF_MSGHDR);
  assert.equal(abi.MSGHDR_CONTROLLEN + 8, abi.MSGHDR_FLAGS);
  assert.equal(abi.CMSG_DATA_OFFSET, abi.SIZEOF_CMSGHDR);
  assert.equal(abi.SIZEOF_IN6_PKTINFO, 16 + 4);
  assert.equal(abi.SIZEOF_SOCKADDR_IN6, 2 + 2 + 4 + 16 + 4);
});

Deno.test("linux_abi: option numbers do what the kernel says they do", () => {
  const c = libc();
  const fd = c.socket(abi.AF_INET6, abi.SOCK_DGRAM | abi.SOCK_NONBLOCK | abi.SOCK_CLOEXEC, 0);
  assert.ok(fd >= 0);
  try {
    const v = new Int32Array(1);
    const len = new Uint32Array([4]);
    for (
      const [level, option, value] of [
        [abi.IPPROTO_IPV6, abi.IPV6_TCLASS, 0x2e],
        [abi.IPPROTO_IPV6, abi.IPV6_V6ONLY, 1],
        [abi.IPPROTO_IPV6, abi.IPV6_RECVERR, 1],
        [abi.IPPROTO_IPV6, abi.IPV6_RECVPKTINFO, 1],
        [abi.IPPROTO_IP, abi.IP_TOS, 0xb8],
      ]
    ) {
      assert.equal(c.setsockopt(fd, level, option, new Int32Array([value]), 4), 0);
      len[0] = 4;
      assert.equal(c.getsockopt(fd, level, option, v, len), 0);
      assert.equal(v[0], value, `level ${level} option ${option}`);
    }
    // An empty error queue answers EAGAIN, not EINVAL: MSG_ERRQUEUE is understood.
    const msg = new Uint8Array(abi.SIZEOF_MSGHDR);
    assert.equal(c.recvmsg(fd, msg, abi.MSG_ERRQUEUE | abi.MSG_DONTWAIT), -1n);
    assert.equal(lastErrno(), 11);
    // IPV6_RECVERR is not an IPv4 option number: IP_RECVERR (11) differs from it (25).
    assert.notEqual(abi.IP_RECVERR, abi.IPV6_RECVERR);
  } finally {
    c.close(fd);
  }
});
