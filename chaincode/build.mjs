// Builds the chaincode into one CommonJS file, dist/index.cjs, that fabric-chaincode-node and the embedded
// ledger both load. esbuild bundles integrity/ and its libraries in; fabric-contract-api and fabric-shim
// stay external (the Fabric runtime provides them). The contract sources go through TypeScript's own
// transpiler first, because fabric-contract-api reads the decorator metadata (design:paramtypes) that only
// tsc emits.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');

const decoratorMetadata = {
  name: 'tsc-decorator-metadata',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const out = ts.transpileModule(readFileSync(args.path, 'utf8'), {
        fileName: args.path,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          verbatimModuleSyntax: true,
          rewriteRelativeImportExtensions: false,
          allowImportingTsExtensions: true,
        },
      });
      return { contents: out.outputText, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

mkdirSync(join(here, 'dist'), { recursive: true });
await build({
  entryPoints: [join(src, 'index.ts')],
  outfile: join(here, 'dist', 'index.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['fabric-contract-api', 'fabric-shim'],
  plugins: [decoratorMetadata],
  sourcemap: true,
  keepNames: true,
  logLevel: 'warning',
});
