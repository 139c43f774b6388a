#!/usr/bin/env node
// The installed `closeloop` command: run the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
