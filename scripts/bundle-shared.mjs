/**
 * What the esbuild bundles of cguard (scripts/build-action.mjs, scripts/build-cli.mjs) share.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * ESM bundles of CommonJS dependencies get what those expect: a real `require` (for
 * `require('fs')`), `__filename` and `__dirname` (TypeScript, under typescript-estree, reads
 * them at load).
 */
export const COMMONJS_SHIM = [
  "import { createRequire as __cguardCreateRequire } from 'node:module';",
  "import { dirname as __cguardDirname } from 'node:path';",
  "import { fileURLToPath as __cguardFileURLToPath } from 'node:url';",
  'const require = __cguardCreateRequire(import.meta.url);',
  'const __filename = __cguardFileURLToPath(import.meta.url);',
  'const __dirname = __cguardDirname(__filename);',
];

/**
 * An esbuild plugin for bundles of cguard that live one level below the package root
 * (`dist-action/index.js`, `dist/cli.js`). The built-in policies are YAML files in `policies/`,
 * found from the module's own URL as `../../policies/` (right for src/policy/ and
 * dist/policy/); a bundle one level below the root needs `../policies/`. Fails loudly if that
 * line ever changes.
 */
export function policiesDirPlugin(root) {
  return {
    name: 'cguard-policies-dir',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]config-policy-files\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const needle = "new URL('../../policies/', import.meta.url)";
        if (source.split(needle).length !== 2) {
          throw new Error(`${path.relative(root, args.path)} no longer contains ${needle}; update scripts/bundle-shared.mjs`);
        }
        return { contents: source.replace(needle, "new URL('../policies/', import.meta.url)"), loader: 'ts' };
      });
    },
  };
}

/**
 * An esbuild plugin that bundles `yaml`'s ES module build (its `browser/` folder: the same
 * code as the CommonJS `dist/` that Node resolves, without `process`) instead of the CommonJS
 * one. Imports from a CommonJS package go through a getter on every call in a bundle
 * (`(0, import_yaml.isMap)(node)`); from an ES module they are plain calls. Those getters
 * were ~2.5% of a 10,000-file scan.
 */
export function yamlEsmPlugin(root) {
  const entry = path.join(root, 'node_modules', 'yaml', 'browser', 'index.js');
  return {
    name: 'cguard-yaml-esm',
    setup(b) {
      b.onResolve({ filter: /^yaml$/ }, () => ({ path: entry }));
    },
  };
}
