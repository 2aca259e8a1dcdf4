#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx ascend` works straight after `npm install`.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
