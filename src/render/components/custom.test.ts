import { describe, expect, it } from 'vitest';
import { renderBundle } from '../renderBundle.js';
import { NS, cronTask, profile, renderInput, warmupComponent } from '../testFixtures.js';

describe('ComponentDefinition components', () => {
  it('renders a cron-task component from its ComponentDefinition template', () => {
    const { objects, issues } = renderBundle(renderInput([profile('vllm-server', [warmupComponent()])]));
    expect(issues).toEqual([]);
    expect(objects).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {
          name: 'warmup',
          namespace: NS,
          labels: {
            'app.kubernetes.io/managed-by': 'paletteai',
            'palette.ai/profile-bundle': 'vllm-llama3',
            'palette.ai/workload-profile': 'vllm-server',
          },
        },
        spec: {
          schedule: '*/30 * * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name: 'main', image: 'curlimages/curl:8.10.1' }],
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('renders placeholders of the properties before the template reads them', () => {
    const component = {
      ...warmupComponent(),
      properties: { image: 'curlimages/curl:8.10.1', schedule: '{{ .var.cron }}' },
    };
    const { objects } = renderBundle(
      renderInput([profile('vllm-server', [component])], { values: { cron: '0 * * * *' } }),
    );
    expect(objects[0]?.spec).toMatchObject({ schedule: '0 * * * *' });
  });

  it('reports a type that is neither built in nor a ComponentDefinition (RN004, a missing reference)', () => {
    const component = { name: 'warmup', type: 'cron-job', properties: {} };
    const { objects, issues } = renderBundle(renderInput([profile('vllm-server', [component])]));
    expect(objects).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'RN004',
        severity: 'error',
        path: 'spec.workload.components[0].type',
        message:
          'workload profile "vllm-server": component "warmup": type "cron-job" is neither built in ' +
          '(helm, manifests, webservice) nor a ComponentDefinition of namespace "project-melbourne" ' +
          '(definitions: cron-task); fix the type or import the definition',
        reason: 'MissingReference',
      },
    ]);
  });

  it('reports a property the template reads but the component does not set (RN005) at that property', () => {
    const component = { ...warmupComponent(), properties: { image: 'curlimages/curl:8.10.1' } };
    const { issues } = renderBundle(renderInput([profile('vllm-server', [component])]));
    expect(issues).toEqual([
      {
        code: 'RN005',
        severity: 'error',
        path: 'spec.workload.components[0].properties.schedule',
        message:
          'workload profile "vllm-server": component "warmup": property "schedule" is not set (read by ' +
          '{{ .properties.schedule }} in ComponentDefinition "cron-task" at spec.template[0].spec.schedule); ' +
          'set spec.workload.components[0].properties.schedule',
      },
    ]);
  });

  it('reports template errors and non-objects of the definition against the component type', () => {
    const def = cronTask();
    def.spec.template = [
      { ...def.spec.template[0], metadata: { name: '{{ .name | lower }}' } },
      { kind: 'Oops' },
    ];
    const { issues } = renderBundle(
      renderInput([profile('vllm-server', [warmupComponent()])], { definitions: [def] }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['RN006', 'spec.workload.components[0].type'],
      ['RN002', 'spec.workload.components[0].type'],
    ]);
    expect(issues[0]?.message).toMatch(
      /pipes are not supported.* in ComponentDefinition "cron-task" at spec\.template\[0\]\.metadata\.name$/,
    );
    expect(issues[1]?.message).toMatch(
      /needs a string apiVersion, metadata\.name in ComponentDefinition "cron-task" at spec\.template\[1\]$/,
    );
  });
});
