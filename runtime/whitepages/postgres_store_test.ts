import postgres from "postgres";
import { startPostgres } from "../../harness/services/postgres.ts";
import { storeSuite } from "./_store_suite.ts";
import { openPostgresStore } from "./postgres_store.ts";

// Each case gets a database of its own in one throwaway cluster.
storeSuite("PostgreSQL", async () => {
  const pg = await startPostgres();
  const admin = postgres(pg.url, { onnotice: () => {}, max: 1 });
  let n = 0;
  return {
    maker: {
      async fresh() {
        const name = `wp${++n}`;
        await admin.unsafe(`CREATE DATABASE ${name}`);
        return pg.url.replace("/postgres?", `/${name}?`);
      },
      open: (where, options) => openPostgresStore(where, { ...options, poolSize: 2 }),
    },
    async teardown() {
      await admin.end({ timeout: 1 });
      await pg.stop();
    },
  };
});
