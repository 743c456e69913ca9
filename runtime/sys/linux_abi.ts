/**
 * Constants and struct layouts of the Linux socket ABI on x86_64 with glibc.
 *
 * Every number here was recomputed from the installed headers (`<sys/socket.h>`,
 * `<netinet/in.h>`, `<linux/errqueue.h>`, `<poll.h>`, `<fcntl.h>`, `<sys/eventfd.h>`,
 * `<netinet/ip_icmp.h>`, `<netinet/icmp6.h>`) by compiling a program that prints them with
 * `offsetof`/`sizeof`; none of them is portable to other architectures or C libraries.
 *
 * Struct layouts (byte offsets, little-endian; pointers and `size_t` are 8 bytes):
 *
 * | struct | size | fields |
 * |---|---|---|
 * | `sockaddr_in` | 16 | family u16 @0, port u16 BE @2, addr 4 @4, zero 8 @8 |
 * | `sockaddr_in6` | 28 | family u16 @0, port u16 BE @2, flowinfo u32 BE @4, addr 16 @8, scope_id u32 @24 |
 * | `sockaddr_storage` | 128 | |
 * | `iovec` | 16 | base ptr @0, len size_t @8 |
 * | `msghdr` | 56 | name ptr @0, namelen u32 @8, iov ptr @16, iovlen size_t @24, control ptr @32, controllen size_t @40, flags i32 @48 |
 * | `cmsghdr` | 16 | len size_t @0, level i32 @8, type i32 @12, data @16 (`CMSG_ALIGN` = 8) |
 * | `in_pktinfo` | 12 | ifindex i32 @0, spec_dst 4 @4, addr 4 @8 |
 * | `in6_pktinfo` | 20 | addr 16 @0, ifindex u32 @16 |
 * | `sock_extended_err` | 16 | errno u32 @0, origin u8 @4, type u8 @5, code u8 @6, pad u8 @7, info u32 @8, data u32 @12; the offender `sockaddr` follows @16 |
 * | `pollfd` | 8 | fd i32 @0, events i16 @4, revents i16 @6 |
 * | `timespec` | 16 | tv_sec i64 @0, tv_nsec i64 @8 |
 * | `epoll_event` | 12 (packed) | events u32 @0, data u64 @4 |
 * | `rlimit` | 16 | rlim_cur u64 @0, rlim_max u64 @8 |
 *
 * @module
 */

/** Address families (`<bits/socket.h>`). */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** Socket types and `socket()` flags. */
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;

/** Protocol numbers, which double as `setsockopt` levels (`SOL_IP` = 0, `SOL_IPV6` = 41). */
export const IPPROTO_IP = 0;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_UDP = 17;
export const SOL_SOCKET = 1;

/** `SOL_SOCKET` options. */
export const SO_REUSEADDR = 2;
/** Several sockets on one port; the kernel spreads new flows over them. */
export const SO_REUSEPORT = 15;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_DOMAIN = 39;

/** `IPPROTO_IP` options (`<bits/in.h>`). */
export const IP_TOS = 1;
export const IP_PKTINFO = 8;
export const IP_RECVERR = 11;
export const IP_RECVTOS = 13;

/** `IPPROTO_IPV6` options. */
export const IPV6_RECVERR = 25;
export const IPV6_V6ONLY = 26;
export const IPV6_RECVPKTINFO = 49;
export const IPV6_PKTINFO = 50;
export const IPV6_RECVTCLASS = 66;
export const IPV6_TCLASS = 67;

/** `recvmsg`/`sendto` flags. */
export const MSG_CTRUNC = 0x8;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_ERRQUEUE = 0x2000;

/** `fcntl` commands and flags. */
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const FD_CLOEXEC = 1;
export const O_NONBLOCK = 0o4000;
/** `open` for reading and writing. */
export const O_RDWR = 2;

/** `eventfd` flags. */
export const EFD_NONBLOCK = 0o4000;
export const EFD_CLOEXEC = 0o2000000;

/** `poll` event bits. */
export const POLLIN = 0x1;
export const POLLPRI = 0x2;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;

/** `epoll_ctl` operations and `epoll_event.events` bits (`<sys/epoll.h>`). */
export const EPOLL_CLOEXEC = 0o2000000;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLIN = 0x1;
export const EPOLLERR = 0x8;
export const EPOLLHUP = 0x10;

/** `getrlimit` resource: open descriptors (`<sys/resource.h>`). */
export const RLIMIT_NOFILE = 7;

/** `sock_extended_err.ee_origin`. */
export const SO_EE_ORIGIN_NONE = 0;
export const SO_EE_ORIGIN_LOCAL = 1;
export const SO_EE_ORIGIN_ICMP = 2;
export const SO_EE_ORIGIN_ICMP6 = 3;

/** ICMPv4 types and destination-unreachable codes (`<netinet/ip_icmp.h>`). */
export const ICMP_DEST_UNREACH = 3;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PROT_UNREACH = 2;
export const ICMP_PORT_UNREACH = 3;
export const ICMP_FRAG_NEEDED = 4;
export const ICMP_NET_UNKNOWN = 6;
export const ICMP_HOST_UNKNOWN = 7;
export const ICMP_NET_UNR_TOS = 11;
export const ICMP_HOST_UNR_TOS = 12;

/** ICMPv6 types and codes (`<netinet/icmp6.h>`). */
export const ICMP6_DST_UNREACH = 1;
export const ICMP6_PACKET_TOO_BIG = 2;
export const ICMP6_TIME_EXCEEDED = 3;
export const ICMP6_PARAM_PROB = 4;
export const ICMP6_DST_UNREACH_NOROUTE = 0;
export const ICMP6_DST_UNREACH_ADDR = 3;
export const ICMP6_DST_UNREACH_NOPORT = 4;
export const ICMP6_PARAMPROB_NEXTHEADER = 1;

/** Struct sizes in bytes (see the table above). */
export const SIZEOF_SOCKADDR_IN = 16;
export const SIZEOF_SOCKADDR_IN6 = 28;
export const SIZEOF_SOCKADDR_STORAGE = 128;
export const SIZEOF_IOVEC = 16;
export const SIZEOF_MSGHDR = 56;
export const SIZEOF_CMSGHDR = 16;
export const SIZEOF_IN_PKTINFO = 12;
export const SIZEOF_IN6_PKTINFO = 20;
export const SIZEOF_SOCK_EXTENDED_ERR = 16;
export const SIZEOF_POLLFD = 8;
export const SIZEOF_TIMESPEC = 16;
export const SIZEOF_EPOLL_EVENT = 12;

/** `msghdr` field offsets. */
export const MSGHDR_NAME = 0;
export const MSGHDR_NAMELEN = 8;
export const MSGHDR_IOV = 16;
export const MSGHDR_IOVLEN = 24;
export const MSGHDR_CONTROL = 32;
export const MSGHDR_CONTROLLEN = 40;
export const MSGHDR_FLAGS = 48;

/** `cmsghdr` field offsets; data starts at `CMSG_LEN(0)` = 16, entries align to 8. */
export const CMSG_LEN_OFFSET = 0;
export const CMSG_LEVEL_OFFSET = 8;
export const CMSG_TYPE_OFFSET = 12;
export const CMSG_DATA_OFFSET = 16;
export const CMSG_ALIGNMENT = 8;

/** Largest UDP payload over IPv6 without jumbograms (65535 - 8), which also covers IPv4. */
export const MAX_UDP_PAYLOAD = 65527;
