#!/usr/bin/env node
// `npm run bench`: runs the benchmark harness (bench/main.ts) straight from TypeScript.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('../bench/main.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`bench: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
