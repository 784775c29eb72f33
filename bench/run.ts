import { printGoals } from './goals.js';
import { benchList } from './list.js';
import { benchLoad } from './load.js';
import { benchReplicas } from './replicas.js';
import { benchScale } from './scale.js';
import { benchServer } from './server.js';
import { benchStorage } from './storage.js';
import { benchStudioImport } from './studioImport.js';
import { benchUi } from './ui.js';
import { benchValidate } from './validate.js';
import { benchWorkflows } from './workflows.js';

/** `npm run bench`: every benchmark of the project, each next to a floor measured in the same run. */
const main = async (): Promise<void> => {
  console.log(`# paletteai benchmarks (node ${process.version}, ${new Date().toISOString()})`);
  const only = process.argv[2];
  if (!only || only === 'validate') await benchValidate();
  if (!only || only === 'storage') await benchStorage();
  if (!only || only === 'server' || only === 'creates') await benchServer(only === 'creates');
  if (!only || only === 'list') await benchList();
  if (!only || only === 'import') await benchStudioImport();
  if (!only || only === 'workflows') await benchWorkflows();
  if (!only || only === 'ui') await benchUi();
  if (!only || only === 'load') await benchLoad();
  if (!only || only === 'replicas') await benchReplicas();
  if (!only || only === 'scale') await benchScale();
  printGoals();
};

await main();
