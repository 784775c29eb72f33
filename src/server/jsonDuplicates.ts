/**
 * Duplicate keys in a JSON body. `JSON.parse` keeps the last of two equal keys silently, so
 * `{"name":"a","name":"b"}` would store something other than what the client reviewed;
 * kube-apiserver refuses it (strict decoding: "duplicate field"), and the server's YAML loader
 * already refuses duplicate keys. Found by the fuzz corpus (test/fuzz/corpus/body/duplicate-keys-json.json).
 */

/** Object members in a JSON text: the `:` outside strings. One pass over char codes, no allocation. */
const membersInText = (text: string): number => {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x3a) n++;
  }
  return n;
};

/** Object members in a parsed value (its depth is already bounded by the loader's limits). */
const membersInValue = (v: unknown): number => {
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (const x of v) n += membersInValue(x);
    return n;
  }
  for (const x of Object.values(v)) n += 1 + membersInValue(x);
  return n;
};

const WS = new Set([' ', '\t', '\n', '\r']);

/** The path (`metadata.name`, `spec.items[2].x`) of the first repeated key of a valid JSON text. */
const locate = (text: string): string | undefined => {
  let i = 0;
  const ws = () => {
    while (WS.has(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): string | undefined => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      const seen = new Set<string>();
      for (;;) {
        ws();
        const key = string();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) return at;
        seen.add(key);
        ws();
        i++; // ':'
        const found = value(at);
        if (found) return found;
        ws();
        if (text[i++] === '}') return undefined; // else ','
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        const found = value(`${path}[${n}]`);
        if (found) return found;
        ws();
        if (text[i++] === ']') return undefined; // else ','
      }
    }
    if (c === '"') string();
    else while (i < text.length && !WS.has(text[i]!) && !',}]'.includes(text[i]!)) i++;
    return undefined;
  };
  return value('');
};

/**
 * Where a JSON text that `JSON.parse` read into `value` repeats a key in one object (the path of
 * the second occurrence), or undefined when no key repeats. Costs one pass over the text unless
 * there is a duplicate.
 */
export const duplicateJsonKey = (text: string, value: unknown): string | undefined =>
  membersInText(text) === membersInValue(value) ? undefined : locate(text);
