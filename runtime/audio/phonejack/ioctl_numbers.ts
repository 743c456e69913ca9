/**
 * ioctl request numbers of the Linux telephony API (`linux/telephony.h`, `linux/ixjuser.h`,
 * magic `'q'`), computed here from the kernel's `_IOC` encoding rather than copied: bits
 * 0-7 number, 8-15 type, 16-29 argument size, 30-31 direction (1 = write to the driver,
 * 2 = read from it), as on x86, x86_64 and ARM. Sizes are those of the declared argument
 * type on a 64-bit build (`int` 4, `char` 1, a pointer 8), because the macros take
 * `sizeof` of the type written in the header, pointers included.
 *
 * @example
 * ```ts
 * PHONE_FRAME === iow(0x8d, 4); // 0x4004718D
 * ```
 * @module
 */

const IOC_NRSHIFT = 0;
const IOC_TYPESHIFT = 8;
const IOC_SIZESHIFT = 16;
const IOC_DIRSHIFT = 30;
const IOC_NONE = 0;
const IOC_WRITE = 1;
const IOC_READ = 2;
/** The telephony API's ioctl type. */
const TYPE = "q".charCodeAt(0);
/** `sizeof` of the argument types the headers name. */
const SIZEOF_INT = 4;
const SIZEOF_CHAR = 1;
const SIZEOF_POINTER = 8;

/** `_IOC(dir, type, nr, size)` as an unsigned 32-bit number. */
export function ioc(dir: number, type: number, nr: number, size: number): number {
  if (size >= 1 << 14) throw new RangeError(`ioctl argument size ${size} does not fit 14 bits`);
  return ((dir << IOC_DIRSHIFT) | (type << IOC_TYPESHIFT) | (nr << IOC_NRSHIFT) |
    (size << IOC_SIZESHIFT)) >>> 0;
}

/** `_IO('q', nr)`. */
export const io = (nr: number): number => ioc(IOC_NONE, TYPE, nr, 0);
/** `_IOW('q', nr, T)` with `sizeof(T) = size`. */
export const iow = (nr: number, size: number): number => ioc(IOC_WRITE, TYPE, nr, size);
/** `_IOR('q', nr, T)` with `sizeof(T) = size`. */
export const ior = (nr: number, size: number): number => ioc(IOC_READ, TYPE, nr, size);

export const PHONE_CAPABILITIES = io(0x80);
export const PHONE_CAPABILITIES_LIST = ior(0x81, SIZEOF_POINTER);
export const PHONE_RING = io(0x83);
export const PHONE_HOOKSTATE = io(0x84);
export const PHONE_RING_CADENCE = iow(0x85, 2); // unsigned short
export const PHONE_RING_START = iow(0x87, SIZEOF_POINTER);
export const PHONE_RING_STOP = io(0x88);
export const PHONE_REC_CODEC = iow(0x89, SIZEOF_INT);
export const PHONE_REC_START = io(0x8a);
export const PHONE_REC_STOP = io(0x8b);
export const PHONE_FRAME = iow(0x8d, SIZEOF_INT);
export const PHONE_REC_VOLUME = iow(0x8e, SIZEOF_INT);
export const PHONE_PLAY_CODEC = iow(0x90, SIZEOF_INT);
export const PHONE_PLAY_START = io(0x91);
export const PHONE_PLAY_STOP = io(0x92);
export const PHONE_PLAY_VOLUME = iow(0x94, SIZEOF_INT);
export const PHONE_DTMF_READY = ior(0x96, SIZEOF_INT);
export const PHONE_GET_DTMF = ior(0x97, SIZEOF_INT);
export const PHONE_GET_DTMF_ASCII = ior(0x98, SIZEOF_INT);
export const PHONE_EXCEPTION = ior(0x9a, SIZEOF_INT);
export const PHONE_PLAY_TONE = iow(0x9b, SIZEOF_CHAR);
export const PHONE_SET_TONE_ON_TIME = iow(0x9c, SIZEOF_INT);
export const PHONE_SET_TONE_OFF_TIME = iow(0x9d, SIZEOF_INT);
export const PHONE_GET_TONE_STATE = io(0xa0);
export const PHONE_BUSY = io(0xa1);
export const PHONE_RINGBACK = io(0xa2);
export const PHONE_DIALTONE = io(0xa3);
export const PHONE_CPT_STOP = io(0xa4);
/** Same number as {@link PHONE_CPT_STOP} but `_IOW`: the direction bits tell them apart. */
export const PHONE_PSTN_SET_STATE = iow(0xa4, SIZEOF_INT);
export const PHONE_PSTN_GET_STATE = io(0xa5);
/** `ixjuser.h`: card type (100 PhoneJACK, 300 LineJACK, 400 Lite, 500 PCI, 600 PhoneCARD). */
export const IXJCTL_CARDTYPE = ior(0xc1, SIZEOF_INT);
/** `ixjuser.h`: select the port (or query it with 0). */
export const IXJCTL_PORT = iow(0xd1, SIZEOF_INT);
