#!/usr/bin/env node
// Prints what the fbp npm parser makes of .fbp files, as one JSON object: { "<file>": result }, where result
// is the parsed graph or { "error": message } when the parser rejects the file. Files whose name contains
// ".case-sensitive." are parsed with { caseSensitive: true }.
// Usage: node parse.js FILE...
'use strict';
const fs = require('fs');
const fbp = require('fbp');

const results = {};
for (const file of process.argv.slice(2)) {
  const caseSensitive = file.includes('.case-sensitive.');
  try {
    results[file] = fbp.parse(fs.readFileSync(file, 'utf-8'), { caseSensitive });
  } catch (e) {
    results[file] = { error: String(e.message) };
  }
}
process.stdout.write(JSON.stringify(results));
