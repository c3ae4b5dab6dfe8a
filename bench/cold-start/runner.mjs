// Imports one bundle given as a file URL, checks that it exports a `handler` function, then prints
// `ready <import milliseconds>` on stdout. Plain JavaScript so that Node.js runs it without a loader.
const bundleUrl = process.argv[2];
if (!bundleUrl) {
  console.error('usage: node runner.mjs <file URL of a bundle>');
  process.exit(2);
}

const importStarted = performance.now();
const bundle = await import(bundleUrl);
const importMs = performance.now() - importStarted;

if (typeof bundle.handler !== 'function') {
  console.error(`${bundleUrl} does not export a handler function`);
  process.exit(1);
}

process.stdout.write(`ready ${importMs}\n`);
