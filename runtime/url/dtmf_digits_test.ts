import assert from "node:assert/strict";
import { expandDtmf, formatDtmf, scanDtmf } from "./dtmf_digits.ts";
import { SessionUrlError } from "./session_url_error.ts";

Deno.test("DTMF strings end at & , or the end; %23 is # and - is dropped", () => {
  assert.deepEqual(scanDtmf("x=12*#&more", 2), { digits: "12*#", end: 6 });
  assert.deepEqual(scanDtmf("03-5734-3299", 0), { digits: "0357343299", end: 12 });
  assert.deepEqual(scanDtmf("u%23p%23,m", 0), { digits: "u#p#", end: 8 });
  assert.deepEqual(scanDtmf("ABCD", 0), { digits: "ABCD", end: 4 });
});

Deno.test("a bad or missing digit is reported where it is", () => {
  const at = (s: string) => {
    try {
      scanDtmf(s, 0);
      return "none";
    } catch (e) {
      assert.ok(e instanceof SessionUrlError);
      return e.message;
    }
  };
  assert.equal(at("12x"), "expected a DTMF digit (0-9 * # A-D u p) at 2");
  assert.equal(at("%24"), "expected a DTMF digit (0-9 * # A-D u p) at 0");
  assert.equal(at(""), "expected a DTMF digit at 0");
  assert.equal(at("--&"), "expected a DTMF digit at 2");
  assert.equal(at("a"), "expected a DTMF digit (0-9 * # A-D u p) at 0");
});

Deno.test("formatting writes # as %23 and refuses what cannot be scanned back", () => {
  assert.equal(formatDtmf("1#u*p"), "1%23u*p");
  assert.throws(() => formatDtmf("1-2"), RangeError);
  assert.throws(() => formatDtmf(""), RangeError);
});

Deno.test("u and p are replaced by the credentials", () => {
  assert.equal(
    expandDtmf("0357343299#u#p#", { user: "1234", pin: "9876" }),
    "0357343299#1234#9876#",
  );
  assert.equal(expandDtmf("123"), "123");
  assert.throws(() => expandDtmf("u"), /needs a user number/);
  assert.throws(() => expandDtmf("p", { user: "1" }), /needs a PIN/);
  assert.throws(() => expandDtmf("p", { pin: "12a" }), /PIN is not DTMF digits/);
});
