// Bundles the form's libraries (entry.mjs) into docs/assets/kommuneskjema-bibliotek.js, with their licences in
// docs/assets/kommuneskjema-bibliotek.LISENSER.txt. Reproducible: the same package-lock.json gives the same bytes
// (tests/editor/test_form_spec.py rebuilds it and compares). Run: npm ci && node build.mjs
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, "..", "..", "docs", "assets");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf-8"));
const own = JSON.parse(readFileSync(join(here, "package.json"), "utf-8"));

const packages = Object.keys(own.dependencies).sort().map((name) => {
  const entry = lock.packages[`node_modules/${name}`];
  const folder = join(here, "node_modules", name);
  const installed = JSON.parse(readFileSync(join(folder, "package.json"), "utf-8"));
  if (installed.version !== entry.version) {
    throw new Error(`${name}: installed ${installed.version}, the lock pins ${entry.version}: run npm ci`);
  }
  const licenceFile = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f));
  return { name, version: entry.version, license: entry.license, integrity: entry.integrity,
           text: licenceFile ? readFileSync(join(folder, licenceFile), "utf-8").trim() : "" };
});

const banner = "/* The kommune form's libraries, bundled by scripts/formlib/build.mjs (esbuild " +
  lock.packages["node_modules/esbuild"].version + ") from scripts/formlib/package-lock.json. Do not edit.\n" +
  packages.map((p) => `   ${p.name} ${p.version} (${p.license}) ${p.integrity}`).join("\n") +
  "\n   Licences: kommuneskjema-bibliotek.LISENSER.txt */";

await build({
  entryPoints: [join(here, "entry.mjs")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  charset: "utf8",
  banner: { js: banner },
  outfile: join(assets, "kommuneskjema-bibliotek.js"),
  logLevel: "warning",
});

writeFileSync(join(assets, "kommuneskjema-bibliotek.LISENSER.txt"),
  "Lisensene til bibliotekene i kommuneskjema-bibliotek.js (skjemaet «Lag eller endre kommunesiden»).\n" +
  "Licences of the libraries bundled in kommuneskjema-bibliotek.js.\n\n" +
  packages.map((p) => `== ${p.name} ${p.version} (${p.license}) ==\n\n${p.text}\n`).join("\n"));
