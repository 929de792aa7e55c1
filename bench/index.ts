/**
 * `npm run bench -- <name>` runs one benchmark (`model`, `diff`, `e2e`, `load`); without a name, all of them.
 * Each prints its own table. Benchmarks are not tests: the machine is shared and timings are noisy.
 */
const suites: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  model: () => import("./model.js"),
  diff: () => import("./diff.js"),
  e2e: () => import("./e2e.js"),
  load: () => import("./load.js"),
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const names = name ? [name] : Object.keys(suites);
  for (const n of names) {
    const load = suites[n];
    if (!load) {
      console.error(`unknown benchmark "${n}"; choose one of: ${Object.keys(suites).join(", ")}`);
      process.exitCode = 2;
      return;
    }
    console.log(`\n== bench ${n} ==`);
    const suite = await load();
    await suite.run(rest);
  }
}

await main();
