import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Vitest global set-up: build portal/dist from the current sources, so that the browser sees this tree's page. */
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '-w', 'portal'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
