import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Vitest global set-up: build chaincode/dist/index.cjs from the current sources before the tests load it. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../chaincode/build.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
}
