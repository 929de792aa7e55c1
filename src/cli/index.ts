import { runCli } from "./main.js";

/** The process around {@link runCli}: real streams, Ctrl-C as an abort, the exit code. */
const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new Error("interrupted")));
const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
// Lets stdout drain to a pipe before the process ends.
process.exitCode = code;
