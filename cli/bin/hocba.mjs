#!/usr/bin/env node
// The `hocba` command. The CLI is written in TypeScript like the rest of the project; tsx loads it as is,
// so there is no build step between a checkout and `npx hocba verify`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
