import { BadRequestError } from '../../model/index.js';
import type { ImportOptions } from './importArchive.js';
import { queryFlag } from '../requestInfo.js';

/**
 * Reads the query of `POST …/namespaces/NS/imports`: `dryRun=All`, `overwrite=true` and any number
 * of `set=NAME=VALUE` (the value may itself hold `=`).
 */
export const parseImportQuery = (query: URLSearchParams): ImportOptions => {
  const values: Record<string, unknown> = {};
  for (const pair of query.getAll('set')) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new BadRequestError(
        `set=${JSON.stringify(pair)} is not NAME=VALUE; give each variable as set=NAME=VALUE (e.g. set=storageSize=20Gi)`,
      );
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { dryRun: query.get('dryRun') === 'All', overwrite: queryFlag(query.get('overwrite')), values };
};
