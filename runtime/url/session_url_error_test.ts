import assert from "node:assert/strict";
import { parseSessionUrl } from "./parse_session_url.ts";
import { caretDisplay, SessionUrlError } from "./session_url_error.ts";

Deno.test("the message names the problem and the offset", () => {
  const e = new SessionUrlError("iphone://h:0", 11, "port out of range");
  assert.equal(e.message, "port out of range at 11");
  assert.equal(e.name, "SessionUrlError");
  assert.ok(e instanceof Error);
});

Deno.test("the caret sits under the offending character", () => {
  try {
    parseSessionUrl("iphone://1.2.3.4:99999");
    assert.fail("should have thrown");
  } catch (e) {
    assert.ok(e instanceof SessionUrlError);
    assert.equal(
      caretDisplay(e),
      "iphone://1.2.3.4:99999\n" +
        "                 ^ port out of range at 17",
    );
  }
});

Deno.test("control characters do not shift the caret; the end of input is reachable", () => {
  const e = new SessionUrlError("a\tb", 3, "expected more");
  assert.equal(caretDisplay(e), "a?b\n   ^ expected more at 3");
});
