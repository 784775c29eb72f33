/**
 * The field matrix: for every kind, a valid baseline, then one case per (field, kind of mistake),
 * each asserting the exact issues `checkShape` reports (code, path, and the words that matter).
 */
import { describe, expect, it } from 'vitest';
import { checkShape } from '../rules/engine.js';
import { BASELINES } from './baselines.js';
import { KINDS, type Issue } from './index.js';
import {
  type Case,
  type KindName,
  type Obj,
  type Want,
  accepts,
  baseline,
  deletePath,
  getPath,
  optionalMissing,
  rejects,
  requiredMissing,
  setPath,
  unknownField,
  words,
  wrongType,
} from './fieldMatrix.cases.js';
import { MORE_CASES } from './fieldMatrix.more.js';
import { SPECTRO_CASES } from './fieldMatrix.spectro.js';

const MATRIX = { ...SPECTRO_CASES, ...MORE_CASES } as Record<KindName, Case[]>;

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

const expected = (want: Want[]) =>
  want.map((w) => ({
    code: w.code,
    severity: 'error',
    path: w.path,
    message:
      w.message === undefined
        ? expect.any(String)
        : typeof w.message === 'string'
          ? expect.stringContaining(w.message)
          : expect.stringMatching(w.message),
  }));

const assertNoneHold = (issues: readonly Issue[], absent: readonly string[] = []) => {
  for (const i of issues) for (const a of absent) expect(i.message).not.toContain(a);
};

const runCase = (kind: KindName, c: Case) => {
  const object = baseline(kind);
  if (c.op === 'delete') {
    // A "missing" case must remove something the baseline has, or it proves nothing.
    expect(getPath(object, c.path), `${c.path} is in the ${kind} baseline`).not.toBeUndefined();
    deletePath(object, c.path);
    expect(getPath(object, c.path)).toBeUndefined();
  } else {
    setPath(object, c.path, c.value);
  }
  const { info, issues } = checkShape(object);
  expect(info?.kind).toBe(kind);
  expect(issues).toEqual(expected(c.want));
  assertNoneHold(issues, c.absent);
};

describe('field matrix', () => {
  it('has a baseline and a matrix for every kind of KINDS, and nothing else', () => {
    const kinds = KINDS.map((k) => k.kind).sort();
    expect(Object.keys(BASELINES).sort()).toEqual(kinds);
    expect(Object.keys(MATRIX).sort()).toEqual(kinds);
  });

  for (const info of KINDS) {
    const kind = info.kind as KindName;
    const cases = MATRIX[kind];

    it(`${kind}: the baseline is valid (no issues) and typed by the right apiVersion`, () => {
      const object = baseline(kind);
      expect(object.apiVersion).toBe(info.apiVersion);
      const result = checkShape(object);
      expect(result.issues).toEqual([]);
      expect(result.info?.kind).toBe(kind);
    });

    it(`${kind}: the matrix covers at least 4 fields, and every required spec field goes missing`, () => {
      const fields = new Set(cases.map((c) => c.path));
      expect(fields.size).toBeGreaterThanOrEqual(4);
      const schema = info.schema as { properties?: Record<string, { required?: string[] }> };
      for (const field of schema.properties?.spec?.required ?? []) {
        expect(
          cases.some((c) => c.op === 'delete' && c.path === `spec.${field}`),
          `a missing case for spec.${field}`,
        ).toBe(true);
      }
    });

    const names = new Set<string>();
    for (const c of cases) {
      const name = `${kind}: ${c.name}`;
      if (names.has(name)) throw new Error(`duplicate case name: ${name}`);
      names.add(name);
      it(name, () => runCase(kind, c));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Metadata (on ProfileBundle)
// ---------------------------------------------------------------------------------------------

const META_CASES: Case[] = [
  requiredMissing('metadata'),
  wrongType('metadata', 'vllm-llama3'),
  requiredMissing('metadata.name'),
  wrongType('metadata.name', 5),
  optionalMissing('metadata.namespace'),
  optionalMissing('metadata.labels'),
  wrongType('metadata.labels', ['palette.ai/inference-engine=vllm']),
  wrongType('metadata.labels["palette.ai/inference-engine"]', 1),
  rejects('metadata.generation', -1, 'SCH006', '≥ 0'),
  accepts('metadata.creationTimestamp', null),
  accepts('metadata.labels.constructor', 'plain-label', '"constructor" is an ordinary label key'),
  unknownField('metadata.nmae', 'name', 'vllm-llama3'),
  unknownField('metadata.label', 'labels', {}),
  rejects('metadata.name', 'VLLM_Llama3', 'MD001', 'for example "vllm-llama3"'),
  accepts('metadata.name', 'a'.repeat(253), 'the DNS-1123 subdomain limit'),
  rejects('metadata.name', 'a'.repeat(254), 'MD001', 'it has 254 characters, more than 253'),
  rejects('metadata.name', '..', 'MD001', 'is not a valid DNS-1123 name'),
  rejects('metadata.name', '', 'MD001', 'it is empty'),
  rejects('metadata.name', 'vllm-', 'MD001', 'start and end with a letter or digit'),
  accepts('metadata.name', 'vllm.llama3', 'dots are allowed in a subdomain name'),
  rejects('metadata.namespace', 'Project_X', 'MD002', 'namespace "Project_X" is not a valid DNS-1123 label'),
  rejects('metadata.namespace', 'project.melbourne', 'MD002'),
  rejects('metadata.labels["-bad"]', 'x', 'MD003', 'label key "-bad" is invalid'),
  rejects('metadata.labels["Palette.AI/engine"]', 'vllm', 'MD003', 'must be a DNS subdomain'),
  accepts('metadata.labels["palette.ai/tier"]', 'a'.repeat(63), 'the label value limit'),
  rejects('metadata.labels["palette.ai/inference-engine"]', 'v'.repeat(64), 'MD004', 'at most 63'),
  rejects('metadata.labels["palette.ai/inference-engine"]', 'vllm engine', 'MD004'),
  accepts('metadata.labels["palette.ai/inference-engine"]', '', 'an empty label value is valid'),
  rejects(
    'metadata.annotations["palette.ai/a/b"]',
    'x',
    'MD005',
    'annotation key "palette.ai/a/b" is invalid',
  ),
  accepts('metadata.annotations.note', 'n'.repeat(256 * 1024 - 4), 'exactly 256 KiB of annotations'),
  rejects(
    'metadata.annotations',
    { note: 'n'.repeat(256 * 1024 - 3) },
    'MD006',
    'more than 262144 (256 KiB)',
  ),
];

describe('metadata (on ProfileBundle)', () => {
  for (const c of META_CASES) it(`ProfileBundle: ${c.name}`, () => runCase('ProfileBundle', c));

  it('ProfileBundle: reports every metadata problem at once, each at its own path', () => {
    const object = baseline('ProfileBundle');
    setPath(object, 'metadata.name', 'Bad_Name');
    setPath(object, 'metadata.namespace', 'Project_X');
    setPath(object, 'metadata.labels["-bad"]', 'v'.repeat(64));
    setPath(object, 'spec.version', '1.2');
    const { issues } = checkShape(object);
    expect(issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual(
      [
        'SCH005 spec.version',
        'MD001 metadata.name',
        'MD002 metadata.namespace',
        'MD003 metadata.labels["-bad"]',
        'MD004 metadata.labels["-bad"]',
      ].sort(),
    );
  });
});

describe('suggested names', () => {
  const SUGGESTIONS: [KindName, string][] = [
    ['ProfileBundle', 'VLLM_Llama3'],
    ['ProfileBundle', '-vllm-'],
    // 254 characters: lowercased, "_" → "-", cut to 253 → must not end with "-".
    ['ProfileBundle', `${'A'.repeat(252)}_x`],
    ['Namespace', 'Project_X'],
    // A Namespace name is a DNS-1123 label: no dots.
    ['Namespace', 'project.melbourne'],
    ['Namespace', `${'a'.repeat(62)}-bc`],
  ];
  for (const [kind, name] of SUGGESTIONS) {
    it(`${kind}: the fix suggested for the name ${words(name)} is itself a valid name (MD001)`, () => {
      const { issues } = checkShape(setPath(baseline(kind), 'metadata.name', name));
      expect(issues).toEqual(expected([{ code: 'MD001', path: 'metadata.name', message: 'for example "' }]));
      const fix = /for example "([^"]*)"/.exec(issues[0]!.message)?.[1] ?? '';
      const again = checkShape(setPath(baseline(kind), 'metadata.name', fix));
      expect(again.issues, `suggested fix ${JSON.stringify(fix)}`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Field paths with odd keys
// ---------------------------------------------------------------------------------------------

describe('field paths of odd keys', () => {
  it('ProfileBundle: renders an annotation key holding "/" in brackets (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.annotations["a.io/b"]', 1));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.annotations["a.io/b"]' }]));
  });

  it('ProfileBundle: renders an annotation key holding "~" in brackets (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.annotations["a~1b~0"]', 1));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.annotations["a~1b~0"]' }]));
  });

  it('ComputePool: renders a digits-only map key as a quoted key, not a list index (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables["8080"]', { port: 1 }));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables["8080"]' }]));
  });

  it('ProfileBundle: renders a digits-only label key as a quoted key, not a list index (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'metadata.labels["2024"]', 2024));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'metadata.labels["2024"]' }]));
  });
});

describe('numbers JSON has no form for', () => {
  it.each([Infinity, -Infinity, NaN])(
    'ProfileBundle: a revision of %s (YAML 1e309, -.inf, .nan) is not an integer (SCH003)',
    (v) => {
      const { issues } = checkShape(
        setPath(baseline('ProfileBundle'), 'spec.workloadProfiles[0].revision', v),
      );
      expect(issues.map((i) => [i.code, i.path])).toContainEqual([
        'SCH003',
        'spec.workloadProfiles[0].revision',
      ]);
      expect(issues[0]!.message).toContain(`found a number (${v})`);
    },
  );

  it('ComputePool: a number variable of .inf is refused too (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables.gpuCount', Infinity));
    expect(issues.map((i) => i.code)).toContain('SCH003');
  });
});

// ---------------------------------------------------------------------------------------------
// Messages of values that fit none of several forms (anyOf)
// ---------------------------------------------------------------------------------------------

describe('messages for values of several allowed forms', () => {
  it('ComputePool: an override given as an object says which forms are allowed (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables.gpuCount', { count: 2 }));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables.gpuCount' }]));
    const message = issues[0]!.message;
    expect(message).toMatch(/string/);
    expect(message).toMatch(/number/);
    expect(message).toMatch(/boolean/);
    expect(message).not.toContain('an object an object');
  });

  it('ComputePool: an override given as null does not read "a null null" (SCH003)', () => {
    const { issues } = checkShape(setPath(baseline('ComputePool'), 'spec.variables.gpuCount', null));
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables.gpuCount' }]));
    expect(issues[0]!.message).not.toContain('null null');
  });

  it('VariableSet: an int64 value written with a letter says an integer is expected (SCH003)', () => {
    const object = setPath(baseline('VariableSet'), 'spec.variables[0].value', { int64: '12a' });
    const { issues } = checkShape(object);
    expect(issues).toEqual(expected([{ code: 'SCH003', path: 'spec.variables[0].value.int64' }]));
    expect(issues[0]!.message).toMatch(/integer/);
  });
});

// ---------------------------------------------------------------------------------------------
// kind and apiVersion
// ---------------------------------------------------------------------------------------------

describe('kind and apiVersion', () => {
  it('ProfileBundle: rejects a missing kind (KND001)', () => {
    const { info, issues } = checkShape(deletePath(baseline('ProfileBundle'), 'kind'));
    expect(info).toBeUndefined();
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind', message: 'missing kind' }]));
  });

  it('ProfileBundle: rejects an empty kind (KND001)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', ''));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind' }]));
  });

  it('ProfileBundle: rejects kind given as a number (KND001), without crashing', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 5));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'kind' }]));
  });

  it('ProfileBundle: rejects a missing apiVersion (KND001)', () => {
    const { issues } = checkShape(deletePath(baseline('ProfileBundle'), 'apiVersion'));
    expect(issues).toEqual(expected([{ code: 'KND001', path: 'apiVersion', message: 'missing apiVersion' }]));
  });

  it('ProfileBundle: rejects the misspelt kind ProfileBundel, suggesting ProfileBundle (KND002)', () => {
    const { info, issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 'ProfileBundel'));
    expect(info).toBeUndefined();
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'did you mean "ProfileBundle"?' }]),
    );
  });

  it('ProfileBundle: rejects the lowercase kind profilebundle, suggesting ProfileBundle (KND002)', () => {
    const { issues } = checkShape(setPath(baseline('ProfileBundle'), 'kind', 'profilebundle'));
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'did you mean "ProfileBundle"?' }]),
    );
  });

  it('rejects a kind the product does not serve (Deployment) without a far-fetched guess (KND002)', () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {} };
    const { issues } = checkShape(object);
    expect(issues).toEqual(
      expected([{ code: 'KND002', path: 'kind', message: 'Known kinds: ProfileBundle' }]),
    );
    assertNoneHold(issues, ['did you mean']);
  });

  it('ProfileBundle: rejects apiVersion spectrocloud.com/v1alpha1, naming spectrocloud.com/v1beta1 (KND003)', () => {
    const object = setPath(baseline('ProfileBundle'), 'apiVersion', 'spectrocloud.com/v1alpha1');
    const { info, issues } = checkShape(object);
    expect(info?.kind).toBe('ProfileBundle');
    expect(issues).toEqual(
      expected([
        {
          code: 'KND003',
          path: 'apiVersion',
          message: 'set apiVersion: spectrocloud.com/v1beta1',
        },
      ]),
    );
  });

  for (const info of KINDS) {
    const wrong = info.apiVersion === 'v1' ? 'v2' : info.apiVersion.replace(/\/v\w+$/, '/v9');
    it(`${info.kind}: rejects apiVersion ${wrong}, naming ${info.apiVersion} (KND003)`, () => {
      const object = setPath(baseline(info.kind as KindName), 'apiVersion', wrong);
      const { issues } = checkShape(object);
      expect(issues).toEqual(
        expected([
          { code: 'KND003', path: 'apiVersion', message: `${info.kind} is served as ${info.apiVersion}` },
        ]),
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Prototype safety (kept last: it checks Object.prototype after every case above has run)
// ---------------------------------------------------------------------------------------------

describe('prototype safety', () => {
  it('ProfileBundle: rejects an own "constructor" field under spec as an unknown field (SCH001)', () => {
    const object = baseline('ProfileBundle');
    setPath(object, 'spec.constructor', { prototype: { polluted: true } });
    expect(Object.prototype.hasOwnProperty.call(object.spec, 'constructor')).toBe(true);
    const { issues } = checkShape(object);
    expect(issues).toEqual(
      expected([{ code: 'SCH001', path: 'spec.constructor', message: 'unknown field' }]),
    );
  });

  it('ProfileBundle: rejects an own "__proto__" field under spec (from JSON) as an unknown field (SCH001)', () => {
    const object = baseline('ProfileBundle');
    const spec = JSON.parse(
      `{"__proto__": {"polluted": true}, ${JSON.stringify(object.spec).slice(1)}`,
    ) as Obj;
    object.spec = spec;
    expect(Object.prototype.hasOwnProperty.call(spec, '__proto__')).toBe(true);
    const { issues } = checkShape(object);
    expect(issues).toEqual(expected([{ code: 'SCH001', path: 'spec.__proto__', message: 'unknown field' }]));
  });

  it('ProfileBundle: rejects "constructor" and "__proto__" as unknown top-level fields (SCH001)', () => {
    const object = JSON.parse(
      `{"__proto__": {"polluted": true}, "constructor": {"polluted": true}, ${JSON.stringify(baseline('ProfileBundle')).slice(1)}`,
    ) as Obj;
    const { issues } = checkShape(object);
    expect(issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual([
      'SCH001 __proto__',
      'SCH001 constructor',
    ]);
  });

  it('leaves Object.prototype untouched after every case', () => {
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});
