import assert from "node:assert/strict";
import { canonicalNumber, dialedDigits, NumberError, type NumberingContext } from "./numbering.ts";

const tokyo: NumberingContext = {
  country: "81",
  area: "3",
  trunkPrefix: "0",
  internationalPrefix: "010",
};
const tokyoPbx: NumberingContext = {
  ...tokyo,
  pbx: { extensionDigits: 4, extensionBase: "8135734", outsideLinePrefix: "0" },
};

Deno.test("the paper's five ways of writing one Tokyo number agree", () => {
  assert.equal(canonicalNumber("+81-3-5734-3299", tokyo), "81357343299");
  assert.equal(canonicalNumber("010-81-3-5734-3299", tokyo), "81357343299");
  assert.equal(canonicalNumber("03-5734-3299", tokyo), "81357343299");
  assert.equal(canonicalNumber("5734-3299", tokyo), "81357343299");
  assert.equal(canonicalNumber("3299", tokyoPbx), "81357343299");
  assert.equal(canonicalNumber("00357343299", tokyoPbx), "81357343299");
});

Deno.test("other plans: NANP with 011 and trunk 1, UK with 00 and trunk 0", () => {
  const nyc = { country: "1", area: "212", trunkPrefix: "1", internationalPrefix: "011" };
  assert.equal(canonicalNumber("1 (212) 555-0100", nyc), "12125550100");
  assert.equal(canonicalNumber("555 0100", nyc), "12125550100");
  assert.equal(canonicalNumber("011 44 20 7946 0000", nyc), "442079460000");
  const london = { country: "44", area: "20", trunkPrefix: "0", internationalPrefix: "00" };
  assert.equal(canonicalNumber("020 7946 0000", london), "442079460000");
});

Deno.test("service codes with * and # are kept as dialed", () => {
  assert.equal(canonicalNumber("*67#", tokyo), "*67#");
});

Deno.test("bad numbers say what is wrong", () => {
  const cases: [string, NumberingContext, RegExp][] = [
    ["03-57x4", tokyo, /unexpected "x"/],
    ["", tokyo, /no digits/],
    ["81+3", tokyo, /unexpected "\+"/],
    ["010", tokyo, /a prefix with no number after it/],
    ["123", tokyoPbx, /neither a 4-digit extension nor an outside line/],
  ];
  for (const [dialed, ctx, pattern] of cases) {
    assert.throws(
      () => canonicalNumber(dialed, ctx),
      (e: unknown) => e instanceof NumberError && pattern.test(e.message),
    );
  }
  assert.equal(dialedDigits(" 03 (5734) 3299 "), "0357343299");
});
