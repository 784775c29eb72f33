import { describe, expect, it } from 'vitest';
import { renderTemplate, scanTemplates } from './template.js';

const ctx = {
  var: { modelId: 'meta-llama/Llama-3.1-8B-Instruct', replicas: 3, gpu: true, empty: '' },
  properties: { schedule: '*/5 * * * *', resources: { limits: { cpu: '2' } }, ports: [8000, 8001] },
  name: 'server',
  namespace: 'project-melbourne',
  bundle: 'vllm-llama3',
};

describe('scanTemplates', () => {
  it('finds every placeholder with the field path of the string that holds it', () => {
    const { placeholders, errors } = scanTemplates({
      servingEngineSpec: { modelSpec: [{ modelURL: '{{ .var.modelId }}', name: '{{.name}}-{{ .bundle }}' }] },
    });
    expect(errors).toEqual([]);
    expect(placeholders).toEqual([
      {
        root: 'var',
        path: ['modelId'],
        raw: '{{ .var.modelId }}',
        at: ['servingEngineSpec', 'modelSpec', 0, 'modelURL'],
      },
      { root: 'name', path: [], raw: '{{.name}}', at: ['servingEngineSpec', 'modelSpec', 0, 'name'] },
      { root: 'bundle', path: [], raw: '{{ .bundle }}', at: ['servingEngineSpec', 'modelSpec', 0, 'name'] },
    ]);
  });

  it('reads a dotted property path as segments', () => {
    const { placeholders } = scanTemplates('{{ .properties.resources.limits.cpu }}');
    expect(placeholders[0]).toMatchObject({
      root: 'properties',
      path: ['resources', 'limits', 'cpu'],
      at: [],
    });
  });

  it.each([
    ['a pipe', '{{ .var.x | upper }}', /pipes are not supported/],
    ['an unclosed placeholder', 'model: {{ .var.x', /has no closing "}}"/],
    ['a function call', '{{ printf "%s" .var.x }}', /"printf" is a function or action/],
    ['a range action', '{{ range .properties.items }}', /"range" is a function or action/],
    ['nested braces', '{{ {{ .var.x }}', /unbalanced braces/],
    ['an empty placeholder', '{{ }}', /empty placeholder/],
    ['trim markers', '{{- .var.x -}}', /trim markers/],
    ['an unknown root', '{{ .env.HOME }}', /unknown root ".env"/],
    ['a Helm template', '{{ .Values.image }}', /a Helm template\? .*\{\{ "\{\{ \.Values\.image \}\}" \}\}/],
    ['a variable without a name', '{{ .var }}', /exactly one variable name/],
    ['a variable path', '{{ .var.a.b }}', /exactly one variable name/],
    ['properties without a path', '{{ .properties }}', /name a property/],
    ['a field of .name', '{{ .name.first }}', /has no fields/],
    ['a prototype read', '{{ .properties.constructor }}', /"constructor" cannot be read/],
    ['a space inside the path', '{{ .var. x }}', /not a placeholder/],
  ])('reports %s as a template error', (_what, text, message) => {
    const { placeholders, errors } = scanTemplates({ spec: [text] });
    expect(placeholders).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toEqual(['spec', 0]);
    expect(errors[0]?.message).toMatch(message);
  });

  it('reports a key that holds a placeholder, since keys are never substituted', () => {
    expect(scanTemplates({ env: { '{{ .var.k }}': 'v' } }).errors).toEqual([
      { path: ['env', '{{ .var.k }}'], message: expect.stringMatching(/values only/) as unknown as string },
    ]);
  });

  it('lists placeholders and key errors in document order, and skips what is under an unsafe key', () => {
    const tree = JSON.parse(
      '{"a":["{{ .var.x }}",{"{{k}}":"{{ .name }}"}],"__proto__":{"b":"{{ .var.hidden }}"},"c":"t {{ .bundle }} {{ .Values.y }}"}',
    ) as unknown;
    const { placeholders, errors } = scanTemplates(tree);
    expect(placeholders.map((p) => [p.raw, p.at])).toEqual([
      ['{{ .var.x }}', ['a', 0]],
      ['{{ .name }}', ['a', 1, '{{k}}']],
      ['{{ .bundle }}', ['c']],
    ]);
    expect(errors.map((e) => e.path)).toEqual([['a', 1, '{{k}}'], ['c']]);
  });

  it('scans deeply nested values without recursion', () => {
    let deep: unknown = '{{ .var.replicas }}';
    for (let i = 0; i < 20_000; i++) deep = { d: [deep] };
    const { placeholders } = scanTemplates(deep);
    expect(placeholders).toHaveLength(1);
    expect(placeholders[0]!.at).toHaveLength(40_000);
  });

  it('accepts a string literal and a stray "}}" as plain text', () => {
    expect(scanTemplates(['{{ "{{ .Release.Name }}" }}', '{"a":{"b":1}}'])).toEqual({
      placeholders: [],
      errors: [],
    });
  });
});

describe('renderTemplate', () => {
  it('gives a string that is exactly one placeholder the type of its value', () => {
    const out = renderTemplate({ replicas: '{{ .var.replicas }}', gpu: '{{.var.gpu}}' }, ctx);
    expect(out.value).toEqual({ replicas: 3, gpu: true });
    expect(out.missing).toEqual([]);
  });

  it('substitutes an object value as a copy', () => {
    const out = renderTemplate({ resources: '{{ .properties.resources }}' }, ctx);
    expect(out.value).toEqual({ resources: { limits: { cpu: '2' } } });
    expect((out.value as { resources: unknown }).resources).not.toBe(ctx.properties.resources);
  });

  it('interpolates values into a longer string', () => {
    const out = renderTemplate(
      '{{ .name }}.{{ .namespace }}.svc:{{ .properties.ports.1 }} x{{ .var.replicas }}',
      ctx,
    );
    expect(out.value).toBe('server.project-melbourne.svc:8001 x3');
  });

  it('keeps an empty string value as an empty string', () => {
    expect(renderTemplate('{{ .var.empty }}', ctx).value).toBe('');
  });

  it('writes string literals out as plain text', () => {
    expect(renderTemplate('{{ "{{ .Release.Name }}" }}-{{ .name }}', ctx).value).toBe(
      '{{ .Release.Name }}-server',
    );
  });

  it('reports unknown variables and properties with their path, keeping the placeholder text', () => {
    const out = renderTemplate({ a: ['{{ .var.maxModelLen }}'], b: 'x-{{ .properties.missing.deep }}' }, ctx);
    expect(out.value).toEqual({ a: ['{{ .var.maxModelLen }}'], b: 'x-{{ .properties.missing.deep }}' });
    expect(out.missing).toEqual([
      { at: ['a', 0], placeholder: '{{ .var.maxModelLen }}', root: 'var', path: ['maxModelLen'] },
      {
        at: ['b'],
        placeholder: '{{ .properties.missing.deep }}',
        root: 'properties',
        path: ['missing', 'deep'],
      },
    ]);
  });

  it('never reads inherited members of the context', () => {
    const out = renderTemplate('{{ .var.toString }}{{ .properties.hasOwnProperty }}', {
      var: {},
      properties: {},
    });
    expect(out.missing.map((m) => m.placeholder)).toEqual([
      '{{ .var.toString }}',
      '{{ .properties.hasOwnProperty }}',
    ]);
  });

  it('does not substitute again inside a substituted value', () => {
    const out = renderTemplate('{{ .var.sneaky }}', {
      var: { sneaky: '{{ .var.secret }}', secret: 's3cr3t' },
    });
    expect(out.value).toBe('{{ .var.secret }}');
  });

  it('leaves malformed placeholders as text', () => {
    expect(renderTemplate('{{ .var.replicas | int }}', ctx).value).toBe('{{ .var.replicas | int }}');
  });

  it('never mutates its input', () => {
    const input = { values: { model: '{{ .var.modelId }}' }, list: ['{{ .name }}'] };
    const before = structuredClone(input);
    renderTemplate(input, ctx);
    expect(input).toEqual(before);
  });

  it('refuses prototype-polluting keys from the input and from substituted values', () => {
    const input = JSON.parse(
      '{"__proto__": {"polluted": true}, "a": {"constructor": {"prototype": {"polluted": true}}, "ok": 1}}',
    ) as unknown;
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "fine": 2}') as unknown;
    const out = renderTemplate({ input, sub: '{{ .var.evil }}' }, { var: { evil } });
    expect(out.value).toEqual({ input: { a: { ok: 1 } }, sub: { fine: 2 } });
    expect(out.droppedKeys).toEqual([
      ['input', '__proto__'],
      ['input', 'a', 'constructor'],
      ['sub', '__proto__'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf((out.value as { input: object }).input)).toBe(Object.prototype);
  });

  it('handles deeply nested values without recursion', () => {
    let deep: unknown = '{{ .var.replicas }}';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    let out = renderTemplate(deep, ctx).value;
    for (let i = 0; i < 20_000; i++) out = (out as unknown[])[0];
    expect(out).toBe(3);
  });
});
