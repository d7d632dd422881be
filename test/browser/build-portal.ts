import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global set-up: build portal/dist and console/dist from the current sources, so that the browser sees
 * this tree's pages.
 */
export default function setup(): void {
  for (const app of ['portal', 'console'])
    execFileSync('npm', ['run', 'build', '-w', app], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
}
