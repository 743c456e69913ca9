import { storeSuite } from "./_store_suite.ts";
import { openSqliteStore } from "./sqlite_store.ts";

storeSuite("SQLite", async () => {
  const dir = await Deno.makeTempDir({ prefix: "phone-wp-sqlite-" });
  let n = 0;
  return {
    maker: {
      fresh: () => Promise.resolve(`${dir}/book${++n}.db`),
      open: (where, options) => openSqliteStore(where, options),
    },
    teardown: () => Deno.remove(dir, { recursive: true }),
  };
});
