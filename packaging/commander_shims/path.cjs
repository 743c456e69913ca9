// node:path for commander: the POSIX functions it calls for script names.
"use strict";

function basename(path, ext) {
  const base = path.replace(/\/+$/, "").split("/").pop() ?? "";
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

function extname(path) {
  const base = basename(path);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot) : "";
}

function dirname(path) {
  const i = path.replace(/\/+$/, "").lastIndexOf("/");
  return i > 0 ? path.slice(0, i) : i === 0 ? "/" : ".";
}

function resolve(...parts) {
  let path = "";
  for (const part of parts) path = part.startsWith("/") ? part : `${path}/${part}`;
  if (!path.startsWith("/")) path = `${Deno.cwd()}/${path}`;
  const out = [];
  for (const seg of path.split("/")) {
    if (seg === "..") out.pop();
    else if (seg && seg !== ".") out.push(seg);
  }
  return `/${out.join("/")}`;
}

module.exports = { basename, extname, dirname, resolve };
