/**
 * `deno task demo-web [--port N]`: builds the codec package and serves the browser demo
 * (this folder, and the package's `dist/` under `/pkg/`) on loopback.
 * @module
 */
import { buildPackage } from "../../packages/codecs/build.ts";

const here = new URL("./", import.meta.url).pathname;
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript",
  mjs: "text/javascript",
};

/** Serves the demo on 127.0.0.1:`port` (0: any free port); resolves with its URL. */
export function serveDemo(
  pkgDist: string,
  port: number,
): { url: string; server: Deno.HttpServer } {
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.split("/").includes("..")) return new Response("bad path", { status: 400 });
    const file = path.startsWith("/pkg/")
      ? `${pkgDist}${path.slice(5)}`
      : `${here}${path === "/" ? "index.html" : path.slice(1)}`;
    const type = TYPES[file.split(".").pop() ?? ""];
    if (!type || file.endsWith(".ts")) return new Response("not found", { status: 404 });
    try {
      return new Response(await Deno.readFile(file), { headers: { "content-type": type } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const addr = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${addr.port}/`, server };
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--port");
  const port = i >= 0 ? Number(Deno.args[i + 1]) : 8008;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`demo-web: --port must be 0 to 65535, not "${Deno.args[i + 1]}"`);
    Deno.exit(1);
  }
  const dist = await buildPackage();
  const { url } = serveDemo(dist, port);
  console.log(`demo: open ${url} in a browser (Ctrl-C to stop)`);
}
