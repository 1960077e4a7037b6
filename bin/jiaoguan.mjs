#!/usr/bin/env node
// The `jiaoguan` operator command: runs the TypeScript CLI (src/cli/main.ts) through tsx,
// in this process, so signals, stdin and exit codes behave as for any command.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
