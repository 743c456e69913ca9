/**
 * The terminal adapter's own web server: a configuration and status page behind a
 * password, and the phone book served as white pages (`GET /?NUMBER`, no login, as the
 * paper's TA does). Built on Hono; pages are server-rendered HTML (escaped by Hono's
 * `html` template), with one small script for the live call (server-sent events) and the
 * copy button.
 *
 * Protection: a password set on the first visit (only from this machine), scrypt-hashed;
 * sessions in HttpOnly SameSite=Strict cookies; every form carries a per-session CSRF
 * token and cross-origin posts are refused (Origin check); strict security headers.
 *
 * @example
 * ```ts
 * import { taWebApp } from "./web.ts";
 * declare const ta: import("./terminal_adapter.ts").TerminalAdapter;
 * declare const store: import("./store.ts").TaStore;
 * const app = taWebApp({ ta, store });
 * Deno.serve({ hostname: "127.0.0.1", port: 8080 }, (req, info) =>
 *   app.fetch(req, { remoteAddr: info.remoteAddr }));
 * ```
 * @module
 */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import { whitePagesHandler } from "../whitepages/server.ts";
import { checkEntry, type PhoneBookEntry } from "../handset/phone_book.ts";
import { TONE_PLANS } from "../dsp/tone_plans.ts";
import {
  hashPassword,
  newToken,
  passwordProblem,
  sameToken,
  tokenHash,
  verifyPassword,
} from "./auth.ts";
import { readSettingsForm, type SettingsForm, settingsToForm } from "./settings.ts";
import type { TaStore } from "./store.ts";
import type { TaStatus, TerminalAdapter } from "./terminal_adapter.ts";
import { CLIENT_JS } from "./web_client.ts";

/** What the web app serves. */
export interface TaWebOptions {
  readonly ta: TerminalAdapter;
  readonly store: TaStore;
  /** Session lifetime (default 12 hours). */
  readonly sessionMs?: number;
}

/** Connection facts the server passes to `app.fetch`. */
export interface TaWebEnv {
  readonly remoteAddr?: Deno.Addr;
}

type Env = { Bindings: TaWebEnv; Variables: { csrf: string; tokenHash: string } };
type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

const SESSION_COOKIE = "ta_session";
const PRE_COOKIE = "ta_pre"; // CSRF token of the login and set-up forms, before a session

function isLoopback(addr?: Deno.Addr): boolean {
  if (!addr || addr.transport !== "tcp") return false;
  const host = addr.hostname;
  return host === "::1" || host.startsWith("127.") || host === "::ffff:127.0.0.1";
}

function layout(title: string, body: Page, signedIn = true): Page {
  return html`
    <!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width">
        <title>${title} – Simple Internet Phone</title>
        <style>
    body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f5f6f8}
    header{background:#22313f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
    header a{color:#dfe8f1;text-decoration:none} header strong{margin-right:auto}
    main{max-width:60em;margin:1.2em auto;padding:0 1em}
    section{background:#fff;border:1px solid #d9dee4;border-radius:6px;padding:1em 1.2em;margin-bottom:1.2em}
    label{display:block;margin:.6em 0 .15em;font-weight:600} input,select{font:inherit;padding:.3em;min-width:18em}
    .error{color:#b00020;margin:.15em 0} .ok{color:#176a2c} table{border-collapse:collapse;width:100%}
    td,th{text-align:left;padding:.25em .6em;border-bottom:1px solid #e3e7eb} code{background:#eef1f4;padding:.1em .3em}
    button{font:inherit;padding:.35em 1em} dl.live{display:grid;grid-template-columns:10em 1fr;margin:0} dl.live dd{margin:0;font-weight:600}
    </style>
      </head>
      <body>
        <header><strong>Simple Internet Phone</strong>${signedIn
          ? html`
            <a href="/status">Status</a><a href="/settings">Settings</a><a href="/book">Phone book</a>
            <form method="post" action="/logout"
              style="margin:0"><input type="hidden" name="csrf" value="${"{{csrf}}"}"><button id="logout">Log out</button></form>
          `
          : ""}</header>
        <main>${body}</main>
        <script src="/app.js"></script>
      </body>
    </html>
  `;
}

function fieldError(errors: Record<string, string>, key: string): Page | string {
  return errors[key] ? html`<p class="error" id="err-${key}">${errors[key]}</p>` : "";
}

async function formOf(c: Context<Env>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The web app of one TA. */
export function taWebApp(options: TaWebOptions): Hono<Env> {
  const { ta, store } = options;
  const sessionMs = options.sessionMs ?? 12 * 3600_000;
  const app = new Hono<Env>();
  const whitePages = (req: Request) => whitePagesHandler(ta.phoneBook().directory)(req);

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: "no-referrer",
  }));
  app.use(bodyLimit({ maxSize: 64 * 1024 }));
  app.use(csrf()); // cross-origin form posts are refused outright

  // Renders a page for a signed-in user, with the session's CSRF token in every form.
  const page = async (c: Context<Env>, title: string, body: Page, status = 200) => {
    const text = String(await layout(title, body)).replaceAll("{{csrf}}", c.get("csrf"));
    return c.html(text, status as 200);
  };
  const prePage = (c: Context<Env>, title: string, body: (token: string) => Page, status = 200) => {
    // One token per browser until it logs in: a second tab (or the favicon following a
    // redirect here) must not invalidate the form already shown.
    const token = getCookie(c, PRE_COOKIE) ?? newToken();
    setCookie(c, PRE_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
    return c.html(layout(title, body(token), false), status as 200);
  };
  const preTokenOk = (c: Context<Env>, form: Record<string, string>) => {
    const cookie = getCookie(c, PRE_COOKIE);
    return !!cookie && !!form.csrf && sameToken(cookie, form.csrf);
  };

  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/app.js", (c) => c.body(CLIENT_JS, 200, { "content-type": "text/javascript" }));

  // The white pages: public, read-only, the phone book's numbers.
  app.get("/", (c) => {
    if (new URL(c.req.url).search.length > 1) return whitePages(c.req.raw);
    return c.redirect("/status");
  });

  const setupForm = (errors: Record<string, string>) => (token: string) =>
    html`
      <section>
        <h1>Set the administrator password</h1>
        <p>This phone has no password yet. Choose one (at least 10 characters); it protects the
      settings, the phone book and the call history.</p>
        <form method="post" action="/setup"><input type="hidden" name="csrf" value="${token}">
      <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="new-password">
      ${fieldError(errors, "password")}
      <label for="repeat">Again</label><input type="password" id="repeat" name="repeat" autocomplete="new-password">
      ${fieldError(errors, "form")}
      <p><button id="set-password">Set password</button></p></form>
      </section>
    `;

  app.get("/setup", (c) => {
    if (store.passwordHash()) return c.redirect("/login");
    if (!isLoopback(c.env?.remoteAddr)) {
      return c.text("Set the password from this machine first (http://localhost/setup).", 403);
    }
    return prePage(c, "Set password", setupForm({}));
  });

  app.post("/setup", async (c) => {
    if (store.passwordHash()) return c.redirect("/login");
    if (!isLoopback(c.env?.remoteAddr)) return c.text("Only from this machine.", 403);
    const form = await formOf(c);
    if (!preTokenOk(c, form)) {
      return prePage(c, "Set password", setupForm({ form: "the form expired; try again" }), 403);
    }
    const problem = passwordProblem(form.password ?? "", form.repeat ?? "");
    if (problem) return prePage(c, "Set password", setupForm({ password: problem }), 400);
    store.setPasswordHash(await hashPassword(form.password));
    return await startSession(c);
  });

  const loginForm = (error: string) => (token: string) =>
    html`
      <section>
        <h1>Log in</h1>
        <form method="post" action="/login"><input type="hidden" name="csrf" value="${token}">
      <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" autofocus>
      ${error ? html`<p class="error" id="err-password">${error}</p>` : ""}
      <p><button id="login">Log in</button></p></form>
      </section>
    `;

  app.get("/login", (c) => {
    if (!store.passwordHash()) return c.redirect("/setup");
    return prePage(c, "Log in", loginForm(""));
  });

  app.post("/login", async (c) => {
    const hash = store.passwordHash();
    if (!hash) return c.redirect("/setup");
    const form = await formOf(c);
    if (!preTokenOk(c, form)) {
      return prePage(c, "Log in", loginForm("the form expired; try again"), 403);
    }
    if (!(await verifyPassword(form.password ?? "", hash))) {
      return prePage(c, "Log in", loginForm("wrong password"), 401);
    }
    return await startSession(c);
  });

  const startSession = (c: Context<Env>) => {
    const token = newToken();
    store.addSession(tokenHash(token), newToken(), Date.now() + sessionMs);
    deleteCookie(c, PRE_COOKIE, { path: "/" });
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      maxAge: Math.floor(sessionMs / 1000),
    });
    return c.redirect("/status", 303);
  };

  // Everything below needs a session; state changes also its CSRF token.
  app.use("*", async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? store.session(tokenHash(token)) : undefined;
    if (!session || !token) {
      if (c.req.method !== "GET") return c.text("not logged in", 401);
      return c.redirect(store.passwordHash() ? "/login" : "/setup");
    }
    c.set("csrf", session.csrf);
    c.set("tokenHash", tokenHash(token));
    if (c.req.method === "POST") {
      const form = await formOf(c);
      if (!form.csrf || !sameToken(form.csrf, session.csrf)) {
        return c.text("the form's security token is missing or stale: reload the page", 403);
      }
    }
    await next();
  });

  app.post("/logout", (c) => {
    store.removeSession(c.get("tokenHash"));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });

  app.get("/status", (c) => page(c, "Status", statusBody(ta.status(), store)));

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      let history = store.calls(1)[0]?.id ?? 0;
      let done = false;
      const queue: TaStatus[] = [ta.status()];
      let wake = () => {};
      const off = ta.onStatus((s) => {
        queue.push(s);
        wake();
      });
      stream.onAbort(() => {
        done = true;
        wake();
      });
      try {
        while (!done) {
          while (queue.length) {
            await stream.writeSSE({ event: "status", data: JSON.stringify(queue.shift()) });
          }
          const latest = store.calls(1)[0]?.id ?? 0;
          if (latest !== history) {
            history = latest;
            await stream.writeSSE({ event: "history", data: String(latest) });
          }
          await new Promise<void>((r) => wake = r);
        }
      } finally {
        off();
      }
    }));

  const settingsPage = (
    c: Context<Env>,
    form: SettingsForm,
    errors: Record<string, string>,
    saved = false,
  ) => {
    const input = (key: string, label: string, hint = "") =>
      html`
        <label for="${key}">${label}</label><input id="${key}" name="${key}"
          value="${form[key] ?? ""}">
        ${hint ? html`<small> ${hint}</small>` : ""}${fieldError(errors, key)}
      `;
    const countries = Object.entries(TONE_PLANS).map(([k, p]) =>
      html`<option value="${k}" ${form.toneCountry === k ? "selected" : ""}>${p.name}</option>`
    );
    return page(
      c,
      "Settings",
      html`<section><h1>Settings</h1>
${saved ? html`<p class="ok" id="saved">Saved.</p>` : ""}
${
        Object.keys(errors).length
          ? html`<p class="error" id="form-error">Nothing was saved: correct the fields marked below.</p>`
          : ""
      }
<form method="post" action="/settings"><input type="hidden" name="csrf" value="{{csrf}}">
<h2>Calls</h2>
${input("codecs", "Codecs, in order of preference", "e.g. pcmu, pcma, g726-32")}
${input("jitterMinMs", "Jitter buffer, lower bound (ms)")}
${input("jitterMaxMs", "Jitter buffer, upper bound (ms)")}
<label for="toneCountry">Tones of</label><select id="toneCountry" name="toneCountry">${countries}</select>${
        fieldError(errors, "toneCountry")
      }
${input("volumeDb", "Earpiece volume (dB)")}
${input("interDigitMs", "Dialing ends after a pause of (ms)")}
<label><input type="checkbox" name="autoAnswer" id="autoAnswer" ${
        form.autoAnswer === "on" ? "checked" : ""
      } style="min-width:0"> Answer calls automatically</label>
<h2>Directory</h2>
${input("whitePages", "White pages server", "http://... or empty")}
${input("country", "Country code")}${input("area", "Area code")}
${input("trunkPrefix", "Trunk prefix")}${input("internationalPrefix", "International prefix")}
<h2>This phone</h2>
${input("ownUrl", "Own session URL", "empty: made from the listening address")}
${input("gatewayUser", "User number at PSTN gateways")}
<label for="gatewayPin">PIN at PSTN gateways</label><input id="gatewayPin" name="gatewayPin" type="password" value="${
        form.gatewayPin ?? ""
      }">${fieldError(errors, "gatewayPin")}
<p><button id="save-settings">Save</button></p></form></section>`,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get(
    "/settings",
    (c) => settingsPage(c, settingsToForm(ta.settings), {}, c.req.query("saved") === "1"),
  );

  app.post("/settings", async (c) => {
    const form = await formOf(c);
    const result = readSettingsForm(form);
    if (!result.ok) return settingsPage(c, form, { ...result.errors });
    await ta.applySettings(result.settings);
    return c.redirect("/settings?saved=1", 303);
  });

  const bookPage = (
    c: Context<Env>,
    form: Record<string, string>,
    errors: Record<string, string>,
  ) => {
    const rows = store.phoneBook().map((e) =>
      html`
        <tr>
          <td>${e.name}</td>
          <td>${e.number}</td>
          <td>${e.quick}</td>
          <td><code>${e.url}</code></td>
          <td>
            <form method="post" action="/book/${String(e.id)}/delete"
              style="margin:0"><input type="hidden" name="csrf" value="{{csrf}}"><button>Delete</button></form>
          </td>
        </tr>
      `
    );
    const input = (key: string, label: string) =>
      html`
        <label for="book-${key}">${label}</label><input id="book-${key}" name="${key}"
          value="${form[key] ?? ""}">${fieldError(errors, key)}
      `;
    return page(
      c,
      "Phone book",
      html`
        <section>
          <h1>Phone book</h1>
          <p>Quick dials are 1 or 2 digits then <kbd>#</kbd> (or a pause) on the handset. Numbers here are
        also this phone's white pages: <code>GET /?NUMBER</code>.</p>
          <table
            id="book"><tr><th>Name</th><th>Number</th><th>Quick dial</th><th>Session URL</th><th></th></tr>${rows}</table>
        </section>
        <section>
          <h2>Add an entry</h2>
          <form method="post" action="/book"><input type="hidden" name="csrf" value="{{csrf}}">
        ${input("name", "Name")}${input("number", "Number")}${input(
          "quick",
          "Quick dial (1-2 digits)",
        )}${input("url", "Session URL (iphone://...)")}
        <p><button id="add-entry">Add</button></p></form>
        </section>
      `,
      Object.keys(errors).length ? 400 : 200,
    );
  };

  app.get("/book", (c) => bookPage(c, {}, {}));

  app.post("/book", async (c) => {
    const form = await formOf(c);
    const entry: PhoneBookEntry = {
      name: (form.name ?? "").trim(),
      number: (form.number ?? "").trim(),
      quick: (form.quick ?? "").trim(),
      url: (form.url ?? "").trim(),
    };
    const errors: Record<string, string> = {};
    for (const p of checkEntry(entry, ta.settings.context)) errors[p.field] ??= p.message;
    if (Object.keys(errors).length === 0) {
      try {
        store.addEntry(entry);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        errors.quick = e.message;
      }
    }
    if (Object.keys(errors).length) return bookPage(c, form, errors);
    return c.redirect("/book", 303);
  });

  app.post("/book/:id/delete", (c) => {
    store.removeEntry(Number(c.req.param("id")));
    return c.redirect("/book", 303);
  });

  return app;
}

function statusBody(s: TaStatus, store: TaStore): Page {
  const cell = (key: keyof TaStatus, label: string) =>
    html`
      <dt>${label}</dt>
      <dd id="live-${key}">${s[key] === undefined ? "–" : String(s[key])}</dd>
    `;
  const calls = store.calls(20).map((c) =>
    html`
      <tr>
        <td>${new Date(c.startedAt).toISOString().replace("T", " ").slice(0, 19)}</td>
        <td>${c.direction === "in" ? "in" : "out"}</td>
        <td>${c.dialed}</td>
        <td><code>${c.peer}</code></td>
        <td>${c.codec}</td>
        <td>${c.result}</td>
        <td>${c.talkSeconds.toFixed(1)} s</td>
      </tr>
    `
  );
  return html`
    <section id="live">
      <h1>Line</h1>
      <dl class="live">
    ${cell("state", "Call")}${cell("handset", "Handset")}${cell("peer", "Peer")}${cell(
      "codec",
      "Codec",
    )}
    ${cell("lossPercent", "Loss (%)")}${cell("jitterMs", "Jitter (ms)")}${cell(
      "mos",
      "MOS (E-model)",
    )}
    ${cell("packetsSent", "Packets sent")}${cell("packetsReceived", "Packets received")}
    ${cell("dialed", "Last dialed")}${cell("notice", "Notice")}</dl>
    </section>
    <section>
      <h2>This phone</h2>
      <p>Session URL: <a id="own-url" href="${s.ownUrl}">${s.ownUrl}</a>
    <button id="copy-url" type="button">Copy</button></p>
      <p>Put the link on a web page: a click calls this phone (with the <code>iphone:</code> handler installed).</p>
    </section>
    <section>
      <h2>Recent calls</h2>
      <table
        id="history"><tr><th>When (UTC)</th><th></th><th>Dialed</th><th>Peer</th><th>Codec</th><th>Result</th><th>Talk</th></tr>${calls}</table>
    </section>
  `;
}
