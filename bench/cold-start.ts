import { analyzeMetafile } from 'esbuild';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { arch, cpus, platform, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BundleResult } from './cold-start/bundle.ts';
import { bundleEntry, bytesByPackage, SDK_EXTERNAL } from './cold-start/bundle.ts';
import type { StartSample } from './cold-start/measure.ts';
import { findNetworkAttempts, timeStart } from './cold-start/measure.ts';
import { percentile, writeBenchmarkSection } from './report.ts';

/**
 * `npm run bench:cold-start`: bundles each Lambda function as the deployment does, then times how
 * long a fresh `node` process takes until the bundle's handler is ready. References: a hello-world
 * handler and a handler that only builds the DynamoDB client, bundled the same way, and the same
 * functions with the AWS SDK left in node_modules. `--analyze` also prints esbuild's analysis of
 * each bundle. `BENCH_COLD_START_RUNS` sets the number of timed starts per bundle.
 */
const FUNCTION_NAMES = ['send-invitations', 'inbound-sms', 'render-review-form', 'submit-review', 'admin'] as const;
const RUNS = Number(process.env.BENCH_COLD_START_RUNS ?? 20);
/** The aim: each function ready in under this multiple of the hello-world handler's time. */
const AIM_RATIO = 1.6;
const LARGEST_PACKAGES = 5;

/**
 * Environment variables that the composition roots read at import. No value points at a real
 * resource, and the network check shows that the import makes no request. Lambda sets
 * `AWS_LAMBDA_FUNCTION_NAME`, which makes send-invitations build its self-invoking Lambda client,
 * so the benchmark sets it too.
 */
const FUNCTION_ENV = {
  AWS_REGION: 'us-east-1',
  STARLING_CUSTOMERS_TABLE: 'starling-customers',
  STARLING_INVITATIONS_TABLE: 'starling-invitations',
  STARLING_REVIEWS_TABLE: 'starling-reviews',
  STARLING_RUNS_TABLE: 'starling-runs',
  STARLING_PUBLIC_URL: 'https://example.com',
  STARLING_BUSINESS_NAME: 'Example Bakery',
  STARLING_ADMIN_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:x',
  STARLING_TOKEN_SECRET_ID: 'x',
  STARLING_ADMIN_AUTH: 'cognito',
  STARLING_COGNITO_USER_POOL_ID: 'us-east-1_example',
  STARLING_COGNITO_CLIENT_ID: 'example-client',
  STARLING_COGNITO_DOMAIN: 'https://example.auth.us-east-1.amazoncognito.com',
};

type Variant = 'bundled' | 'sdk-external';

interface Target {
  name: string;
  variant: Variant;
  bundle: BundleResult;
  env: NodeJS.ProcessEnv;
  samples: StartSample[];
  networkAttempts: string[];
}

async function main(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    throw new Error(`BENCH_COLD_START_RUNS must be a whole number of at least 1, got "${process.env.BENCH_COLD_START_RUNS}"`);
  }

  const analyze = process.argv.includes('--analyze');
  const outDir = await mkdtemp(join(tmpdir(), 'starling-cold-start-'));

  try {
    // The SDK-external bundles import the SDK at run time, and Node.js finds it by walking up from the bundle's folder.
    await symlink(resolve('node_modules'), join(outDir, 'node_modules'), 'dir');

    console.log(`Bundling the two reference handlers and ${FUNCTION_NAMES.length} functions into ${outDir}…`);
    const targets = await bundleTargets(outDir);
    if (analyze) {
      await printAnalysis(targets);
    }

    console.log('Checking that no import opens a network connection…');
    for (const target of targets) {
      target.networkAttempts = await findNetworkAttempts(target.bundle.file, target.env);
    }

    console.log(`Starting each bundle ${RUNS} times…`);
    for (let round = 0; round < RUNS; round += 1) {
      // Rotating the order spreads any slow period of the machine over all the bundles.
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) {
        target.samples.push(await timeStart(target.bundle.file, target.env));
      }
    }

    await report(targets);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function bundleTargets(outDir: string): Promise<Target[]> {
  const targets: Target[] = [];
  const add = (name: string, variant: Variant, bundle: BundleResult) => {
    targets.push({ name, variant, bundle, env: { ...FUNCTION_ENV, AWS_LAMBDA_FUNCTION_NAME: `starling-${name}` }, samples: [], networkAttempts: [] });
  };

  // The two reference handlers are bundled once: hello-world imports nothing, and dynamodb-only
  // shows what the SDK alone costs.
  add('hello-world', 'bundled', await bundleEntry('bench/cold-start/hello-world.ts', join(outDir, 'bundled', 'hello-world.mjs')));
  add('dynamodb-only', 'bundled', await bundleEntry('bench/cold-start/dynamodb-only.ts', join(outDir, 'bundled', 'dynamodb-only.mjs')));
  for (const name of FUNCTION_NAMES) {
    const entry = `src/functions/${name}/handler.ts`;
    add(name, 'bundled', await bundleEntry(entry, join(outDir, 'bundled', `${name}.mjs`)));
    add(name, 'sdk-external', await bundleEntry(entry, join(outDir, 'sdk-external', `${name}.mjs`), SDK_EXTERNAL));
  }

  return targets;
}

async function printAnalysis(targets: Target[]): Promise<void> {
  for (const target of targets.filter((candidate) => candidate.variant === 'bundled' && candidate.name !== 'hello-world')) {
    console.log(`\n${target.name}:${await analyzeMetafile(target.bundle.metafile)}`);
  }
}

interface Summary {
  readyMedian: number;
  readyMin: number;
  readyMax: number;
  importMedian: number;
}

function summarize(samples: StartSample[]): Summary {
  const ready = samples.map((sample) => sample.readyMs).sort((a, b) => a - b);
  const imports = samples.map((sample) => sample.importMs).sort((a, b) => a - b);

  return {
    readyMedian: percentile(ready, 50),
    readyMin: ready[0] ?? Number.NaN,
    readyMax: ready.at(-1) ?? Number.NaN,
    importMedian: percentile(imports, 50),
  };
}

async function report(targets: Target[]): Promise<void> {
  const medians = new Map(targets.map((target) => [target, summarize(target.samples)]));
  const medianOf = (name: string, variant: Variant = 'bundled') => {
    const target = targets.find((candidate) => candidate.name === name && candidate.variant === variant);
    if (!target) {
      throw new Error(`no ${variant} bundle named ${name} among the targets`);
    }

    return medians.get(target)?.readyMedian ?? Number.NaN;
  };
  const baseline = medianOf('hello-world');

  const header = '| Function | AWS SDK | Size (gzip) | Ready: median (min-max) | Import alone: median | Ratio to hello-world |';
  const rows = targets.map((target) => {
    const summary = medians.get(target) ?? summarize(target.samples);
    const ratio = summary.readyMedian / baseline;
    let verdict = '';
    if (isFunction(target.name)) {
      verdict = ratio < AIM_RATIO ? ' (under the aim)' : ' (over the aim)';
    }

    let sdk: string = target.variant;
    if (target.name === 'hello-world') {
      sdk = 'none';
    } else if (target.variant === 'sdk-external') {
      sdk = 'external';
    }

    return [
      target.name,
      sdk,
      `${kib(target.bundle.bytes)} (${kib(target.bundle.gzipBytes)})`,
      `${summary.readyMedian.toFixed(0)} ms (${summary.readyMin.toFixed(0)}-${summary.readyMax.toFixed(0)})`,
      `${summary.importMedian.toFixed(1)} ms`,
      `${ratio.toFixed(2)}×${verdict}`,
    ];
  });
  const table = [header, '|---|---|---|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)];

  const deployed = targets.filter((target) => target.variant === 'bundled' && isFunction(target.name));
  const packageTable = [
    '| Function | Largest inputs of the bundled build (minified) |',
    '|---|---|',
    ...deployed.map((target) => {
      const largest = bytesByPackage(target.bundle.metafile).slice(0, LARGEST_PACKAGES);
      return `| ${target.name} | ${largest.map((entry) => `${entry.name} ${kib(entry.bytes)}`).join(', ')} |`;
    }),
  ];

  const externalPenalties = FUNCTION_NAMES.map((name) => medianOf(name, 'sdk-external') - medianOf(name));
  const reading = [
    `Reading: Node.js start-up and the hello-world handler take ${baseline.toFixed(0)} ms here, so the aim of ${AIM_RATIO}× leaves ${((AIM_RATIO - 1) * baseline).toFixed(0)} ms for everything a function loads.`,
    `Building the DynamoDB document client alone, which every function does at import, adds ${(medianOf('dynamodb-only') - baseline).toFixed(0)} ms (the dynamodb-only row).`,
    `Loading the SDK from node_modules instead of the bundle changes each function's median by ${Math.min(...externalPenalties).toFixed(0)} to ${Math.max(...externalPenalties).toFixed(0)} ms.`,
  ].join(' ');

  console.log([...table, '', ...packageTable, '', reading].join('\n'));
  await writeBenchmarkSection('cold-start', [
    '## Cold start (local)',
    '',
    `Command: \`npm run bench:cold-start\`: ${RUNS} starts of each bundle, in rotating order, after one untimed start of each for the network check.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${platform()} ${arch()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    ...table,
    '',
    ...packageTable,
    '',
    reading,
    '',
    ...notes(targets),
  ]);
}

function isFunction(name: string): boolean {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

function notes(targets: Target[]): string[] {
  const withAttempts = targets.filter((target) => target.networkAttempts.length > 0);
  const network = withAttempts.length === 0
    ? 'Network: no bundle opened a TCP connection or made a DNS lookup from the start of its import until its process exited (checked once per bundle with both blocked).'
    : `Network: these bundles tried to connect during import, and the check blocked it: ${withAttempts.map((target) => `${target.name} (${target.variant}): ${target.networkAttempts.join(', ')}`).join('; ')}.`;
  const bannered = targets.filter((target) => target.bundle.needsRequireBanner);
  const banner = bannered.length === 0
    ? 'No bundle contains esbuild\'s stand-in for `require`, so none was built with the `createRequire` banner.'
    : `These bundles call \`require\` from bundled CommonJS code and were built with the \`createRequire\` banner: ${bannered.map((target) => `${target.name} (${target.variant})`).join(', ')}.`;

  return [
    'Method: "Ready" is timed by the parent, from `spawn` of a fresh `node` process to the line the child prints once `await import(bundle)` has resolved and the `handler` export is a function. It covers Node.js start-up, reading and compiling the bundle and running the composition root. "Import alone" is the `await import` timed inside the child. The child gets only the environment variables the functions read at import, with `AWS_REGION=us-east-1` and names that point at no real resource, plus the `AWS_LAMBDA_FUNCTION_NAME` that Lambda sets.',
    '',
    'Build: esbuild with `bundle`, `platform: node`, `target: node22`, `format: esm`, `minify`, no source map and `mainFields: [module, main]`. "Bundled" is the deployment\'s build of each function without its source map. "External" is the same build with `@aws-sdk/*` and `@smithy/*` left out and loaded from node_modules at run time. Sizes are of the `.mjs` file, and gzip is zlib at its default level, an estimate of the compressed upload.',
    '',
    'The deployment bundles the SDK, which also pins the SDK version the tests ran. On Lambda, a report to the AWS SDK team on bundling for Lambda (<https://github.com/aws/aws-sdk-js-v3/issues/5516>) gives 241 ms of init for one bundled and minified client and call against 675 ms unbundled.',
    '',
    network,
    banner,
    '',
    'NOTE: this measures Node.js on this machine, not the init of Lambda\'s `nodejs22.x` runtime on arm64. A hello-world function\'s init there is about 116-134 ms (maxday/lambda-perf daily data, December 2025, <https://maxday.github.io/lambda-perf/>), so the milliseconds a function adds weigh less against it than against the local start-up above, and arm64 Lambda CPUs run at other speeds. Node.js 20 also prints the AWS SDK\'s notice that later SDK releases need Node.js 22, and Lambda\'s Node.js 22 does not.',
  ];
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

await main();
