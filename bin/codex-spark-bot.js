#!/usr/bin/env node
// The `codex-spark-bot` command. The package ships TypeScript sources and runs them through tsx
// (a runtime dependency, as for `npm start`), so `npx codex-spark-bot` and `npm install -g` need
// no build step and cannot run a stale build.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/index.ts");
