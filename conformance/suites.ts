/** Every codec family's conformance suite; one line per family. */
import type { Suite } from "./suite.ts";
import { g711Suite } from "./g711_vectors.ts";
import { g726Suite } from "./g726_vectors.ts";
import { g723Suite } from "./g723_1_vectors.ts";
import { lpc10Suite } from "./lpc10_vectors.ts";

export const suites: readonly Suite[] = [g711Suite, g726Suite, g723Suite, lpc10Suite];
