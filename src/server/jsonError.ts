/**
 * Where and why a text is not JSON, without quoting it. V8's `JSON.parse` messages quote the
 * text around the error (`Unexpected token 'h', ..."password": hunter2"... is not valid JSON`),
 * which puts request bodies (Secret values included) into answers and the audit log. This scanner
 * runs only after JSON.parse failed and names the line, the column and the kind of problem.
 */

/** What a character is, in words (never the character itself). */
const kindOf = (c: string): string => {
  if (c >= '0' && c <= '9') return 'a digit';
  if (/\p{L}/u.test(c)) return 'a letter';
  if (c === '"' || c === "'") return 'a quote';
  if (c.charCodeAt(0) < 0x20) return 'a control character';
  if (/\s/u.test(c)) return 'white space';
  if ('{}[]:,'.includes(c)) return `"${c}"`;
  return 'a symbol';
};

class Problem extends Error {
  constructor(
    readonly at: number,
    readonly what: string,
  ) {
    super(what);
  }
}

/** A recursive-descent check of RFC 8259 JSON; throws a Problem at the first error. */
const scan = (text: string): void => {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const end = (expected: string) => new Problem(i, `the text ends where ${expected} was expected`);
  const unexpected = (expected: string) =>
    i >= text.length ? end(expected) : new Problem(i, `expected ${expected}, found ${kindOf(text[i]!)}`);
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw end('the closing quote of a string');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c.charCodeAt(0) < 0x20)
        throw new Problem(i, 'a control character (such as a line break) inside a string; escape it');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) throw end('an escape sequence');
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Problem(i, '\\u must be followed by four hex digits');
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else
          throw new Problem(
            i,
            'an invalid escape sequence in a string (valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
          );
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') throw new Problem(i, 'an invalid number');
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) throw new Problem(i, 'nesting too deep');
    ws();
    const c = text[i];
    if (c === undefined) throw end('a value');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw unexpected('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') throw unexpected('":" after a property name');
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        throw unexpected('"," or "}" after a property value');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        throw unexpected('"," or "]" after an array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) return void (i += word.length);
    throw unexpected(
      'a value (a string in double quotes, a number, an object, an array, true, false or null)',
    );
  };
  value(0);
  ws();
  if (i < text.length) throw new Problem(i, `unexpected content after the JSON value (${kindOf(text[i]!)})`);
};

/**
 * `line 3, column 14: expected "," or "}" after a property value, found a letter` for a text that
 * `JSON.parse` refused; never quotes the text.
 */
export const describeJsonError = (text: string): string => {
  try {
    scan(text);
  } catch (e) {
    if (e instanceof Problem) {
      const before = text.slice(0, e.at);
      const line = (before.match(/\n/g)?.length ?? 0) + 1;
      const column = e.at - (before.lastIndexOf('\n') + 1) + 1;
      return `line ${line}, column ${column}: ${e.what}`;
    }
    if (e instanceof RangeError) return 'nesting too deep';
    throw e;
  }
  // The scanner accepts what JSON.parse refused (it should not happen): say nothing of the content.
  return 'not valid JSON';
};
