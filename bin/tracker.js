#!/usr/bin/env node
// The `tracker` command: runs the headless core's CLI (electron/cli.ts) straight from TypeScript.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('../electron/cli.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tracker: ${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
