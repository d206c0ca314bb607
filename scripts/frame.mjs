#!/usr/bin/env node
// The operator CLI. TypeScript runs through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
