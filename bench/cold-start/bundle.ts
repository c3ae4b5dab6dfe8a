import { build } from 'esbuild';
import type { BuildOptions, Metafile } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

/**
 * The deployment's esbuild options for each function: one minified ESM file with the AWS SDK inside.
 * The benchmark leaves out the source map and adds the `require` banner only to a bundle that needs it.
 */
export const DEPLOYMENT_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
} satisfies BuildOptions;

/** The packages left out of the comparison bundles, which Node.js then resolves from node_modules. */
export const SDK_EXTERNAL = ['@aws-sdk/*', '@smithy/*'];

/** Lets bundled CommonJS code call `require` in an ESM bundle. Added only to a bundle that needs it. */
const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The text of esbuild's stand-in for `require` in ESM output. It throws when bundled CommonJS code
 * calls `require`, so its presence means the bundle needs `REQUIRE_BANNER`.
 */
const REQUIRE_SHIM_TEXT = 'Dynamic require of';

export interface BundleResult {
  file: string;
  bytes: number;
  gzipBytes: number;
  needsRequireBanner: boolean;
  metafile: Metafile;
}

/** Bundles one entry point with the deployment's options into `outfile`, adding the `require` banner only if the output needs it. */
export async function bundleEntry(entryPoint: string, outfile: string, external: string[] = []): Promise<BundleResult> {
  let metafile = await bundleOnce(entryPoint, outfile, external, false);
  let text = await readFile(outfile);

  const needsRequireBanner = text.includes(REQUIRE_SHIM_TEXT);
  if (needsRequireBanner) {
    metafile = await bundleOnce(entryPoint, outfile, external, true);
    text = await readFile(outfile);
  }

  return { file: outfile, bytes: text.length, gzipBytes: gzipSync(text).length, needsRequireBanner, metafile };
}

async function bundleOnce(entryPoint: string, outfile: string, external: string[], withBanner: boolean): Promise<Metafile> {
  const result = await build({
    ...DEPLOYMENT_BUILD_OPTIONS,
    entryPoints: [entryPoint],
    outfile,
    external,
    banner: withBanner ? { js: REQUIRE_BANNER } : undefined,
    metafile: true,
    logLevel: 'warning',
  });

  return result.metafile;
}

/** Sums the output bytes of a single-output bundle by npm package, or by `src/<folder>` for Starling's own code, largest first. */
export function bytesByPackage(metafile: Metafile): Array<{ name: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }

  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function packageOf(path: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency?.[1]) {
    return dependency[1];
  }

  const source = /^src\/([^/]+)/.exec(path);
  return source?.[1] ? `src/${source[1]}` : path;
}
