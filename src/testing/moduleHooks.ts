/**
 * For tests that check which modules a Node process loads: `--import LOG_LOADED_MODULES` registers
 * module hooks that print `LOADED <url>` on stderr for every ES module a thread loads (worker
 * threads inherit it).
 */
const HOOKS = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }",
)}`;

/** The `--import` URL (also usable in NODE_OPTIONS) that logs every module loaded. */
export const LOG_LOADED_MODULES = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`,
)}`;
