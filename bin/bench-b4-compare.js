#!/usr/bin/env node
// B4 of this build against another build, alternated in the same period (bench/b4Compare.ts).
'use strict';
require('tsx/cjs/api').register();
const { compareB4 } = require('../bench/b4Compare.ts');
compareB4(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`bench-b4-compare: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
