import { YAMLException } from 'js-yaml';
import type { Issue } from '../model/index.js';
import { loaderIssue } from './issues.js';
import type { LoadLimits } from './limits.js';
import type { DocumentChunk } from './split.js';

/** Reads the mapping key that starts at `pos` (js-yaml points inside the quotes of a quoted key). */
const keyAt = (text: string, pos: number): string | undefined => {
  const rest = text.slice(pos, pos + 200);
  const quote = text[pos - 1];
  let key: string | undefined;
  if (quote === '"') {
    const raw = /^((?:[^"\\\n]|\\.)*)"/.exec(rest)?.[1];
    try {
      key = raw === undefined ? undefined : (JSON.parse(`"${raw}"`) as string);
    } catch {
      key = raw;
    }
  } else if (quote === "'") {
    key = /^((?:[^'\n]|'')*)'/.exec(rest)?.[1]?.replaceAll("''", "'");
  } else {
    key = /^(.*?)[ \t]*(?::(?=[ \t\n]|$)|[,{}[\]]|\n|$)/.exec(rest)?.[1];
  }
  if (!key) return undefined;
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
};

/** Turns `!<tag:yaml.org,2002:binary>` into `!!binary` and `!<!foo>` into `!foo`, as written in YAML. */
const shortTag = (tag: string): string => {
  const inner = /^!<(.*)>$/.exec(tag)?.[1] ?? tag;
  if (inner.startsWith('tag:yaml.org,2002:')) return `!!${inner.slice('tag:yaml.org,2002:'.length)}`;
  if (inner.startsWith('!')) return inner;
  return `!<${inner}>`;
};

/**
 * Maps an exception thrown while parsing one document (by js-yaml, or a stack overflow on absurd
 * nesting) to one loader issue at the right file line: LD002 duplicate key, LD003 too many aliases,
 * LD005 unknown tag, LD007 too deep, LD001 anything else. Never rethrows; messages carry js-yaml's
 * reason without its code frame.
 */
/** The fix a YAML syntax error suggests (fixed text: it quotes nothing of the document). */
export const YAML_SYNTAX_ADVICE =
  'check indentation (spaces, not tabs), brackets and quotes; quote values that contain ": " or " #".';

export const parseErrorToIssue = (
  err: unknown,
  chunk: DocumentChunk,
  file: string,
  limits: LoadLimits,
  json: boolean,
): Issue => {
  const mark = err instanceof YAMLException ? err.mark : undefined;
  const line = mark ? chunk.firstLine + mark.line : chunk.contentLine;
  const at = mark ? `line ${line}, column ${mark.column + 1}` : `the document starting at line ${line}`;
  const reason = err instanceof YAMLException ? err.reason : err instanceof Error ? err.message : String(err);

  if (err instanceof RangeError || reason.startsWith('nesting exceeded maxDepth')) {
    return loaderIssue(
      'LD007',
      file,
      line,
      `nesting is deeper than ${limits.maxDepth} levels of mappings and sequences (maxDepth) at ${at}. ` +
        'Flatten the structure; raise maxDepth only if this depth is intended.',
    );
  }
  if (reason.startsWith('aliases exceeded maxAliases')) {
    return loaderIssue(
      'LD003',
      file,
      line,
      `more than ${limits.maxAliases} alias uses (*name) in one document (maxAliases), at ${at}. ` +
        'Aliases can expand into huge documents (an "alias bomb"); write the values out instead.',
    );
  }
  if (reason === 'duplicated mapping key') {
    const raw = mark ? keyAt(chunk.text, mark.position) : undefined;
    // js-yaml 4 reports the key as it is written, quotes included
    const key = raw?.replace(/^(["'])(.*)\1$/, '$2');
    const what = key === undefined ? 'a key' : `key ${JSON.stringify(key)}`;
    return loaderIssue(
      'LD002',
      file,
      line,
      `duplicate ${what} in the same mapping at ${at}: each key may appear only once ` +
        `(${json ? 'JSON.parse' : 'many YAML tools'} would silently keep the last value). ` +
        'Remove one of the entries or merge their values.',
    );
  }
  const tag = /^unknown (?:scalar |sequence |mapping )?tag (.+)$/.exec(reason)?.[1];
  if (tag !== undefined) {
    return loaderIssue(
      'LD005',
      file,
      line,
      `tag ${shortTag(tag)} is not allowed (${at}): manifests are plain YAML, and custom or language ` +
        `tags (!foo, !!binary, !!js/function, ...) are rejected. Remove the tag, or quote the value ` +
        `("${shortTag(tag)} ...") if the text is meant literally.`,
    );
  }
  if (reason.includes('does not support complex keys')) {
    return loaderIssue(
      'LD001',
      file,
      line,
      `unsupported mapping key at ${at}: keys must be plain strings, not lists, mappings or empty keys. ` +
        'Write the key as a string.',
    );
  }
  const kind = json ? 'JSON' : 'YAML';
  return loaderIssue(
    'LD001',
    file,
    line,
    `${kind} syntax error at ${at}: ${reason}. Fix the ${kind} there` +
      (json ? ' (check commas, brackets and quotes).' : `: ${YAML_SYNTAX_ADVICE}`),
  );
};
