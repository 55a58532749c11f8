#!/usr/bin/env node
// The zhangdun command-line tool: loads the TypeScript sources through tsx so a
// checkout needs only `npm ci`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/main/cli/index.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
