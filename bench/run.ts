import { benchValidate } from './validate.js';

/** `npm run bench`: every benchmark of the project, each next to a floor measured in the same run. */
const main = async (): Promise<void> => {
  console.log(`# paletteai benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  await benchValidate();
};

await main();
