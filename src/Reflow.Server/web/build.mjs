// Bundles the live page into dist/: app.js (the page and elkjs, one file, no network at run time), app.css and
// index.html. Run by WebPage.targets (npm run bundle) when a source changed; Reflow.Server embeds the three files.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

await mkdir('dist', { recursive: true });
await build({
  entryPoints: ['src/app.js'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  outfile: 'dist/app.js',
  logLevel: 'warning',
});
await build({ entryPoints: ['src/app.css'], bundle: true, minify: true, outfile: 'dist/app.css', logLevel: 'warning' });
await copyFile('src/index.html', 'dist/index.html');
