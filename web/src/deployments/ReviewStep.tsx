/**
 * The wizard's review: the object it will create, the plan the server would carry out (deployed and
 * ignored parts with reasons, failed checks with codes), for a model the Model-as-a-Service choice
 * with every verdict, and the server's dry-run answer with each issue at its field.
 */
import { Alert, Code, Group, List, Loader, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { KubeObject } from '../../../src/model/index.js';
import type { Plan } from '../../../src/planner/index.js';
import type { Cause } from '../api/client';
import { ErrorAlert } from '../components/states';
import { stepOfField, type Step } from './model';
import { PlanView, SelectionView, summaryOfPlan } from './PlanView';

export interface DryRun {
  checking: boolean;
  /** The server's refusal (its causes are the issues), or a connection error. */
  error?: Error;
  causes: Cause[];
}

const STEP_WORDS: Record<Step, string> = {
  what: 'What',
  where: 'Where',
  variables: 'Variables',
  review: 'Review',
};

export const ReviewStep = ({
  object,
  plan,
  dryRun,
  onGoTo,
}: {
  object: KubeObject;
  plan: Plan | undefined;
  dryRun: DryRun;
  onGoTo: (step: Step) => void;
}) => (
  <Stack gap="lg">
    <section aria-label="Server check">
      <Title order={4} mb="xs">
        Server check
      </Title>
      {dryRun.checking ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Checking with the server (dry run)…</Text>
        </Group>
      ) : dryRun.causes.length ? (
        <Alert color="red" title="The server refuses this deployment" role="alert">
          <List size="sm">
            {dryRun.causes.map((c, i) => (
              <List.Item key={i}>
                <Text span fw={600} ff="monospace">
                  {c.reason}
                </Text>{' '}
                {c.field ? (
                  <UnstyledButton
                    onClick={() => onGoTo(stepOfField(c.field))}
                    aria-label={`Fix ${c.field} in step ${STEP_WORDS[stepOfField(c.field)]}`}
                  >
                    <Text span ff="monospace" c="blue">
                      {c.field}
                    </Text>
                  </UnstyledButton>
                ) : null}{' '}
                {c.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : dryRun.error ? (
        <ErrorAlert error={dryRun.error} />
      ) : (
        <Alert color="green" title="The server accepts this deployment">
          <Text size="sm">The dry run stored nothing; Deploy creates it.</Text>
        </Alert>
      )}
    </section>
    {plan?.selection ? (
      <section aria-label="Model as a Service">
        <Title order={4} mb="xs">
          Model as a Service: why this bundle
        </Title>
        <SelectionView selection={plan.selection} />
      </section>
    ) : null}
    <section aria-label="Plan">
      <Title order={4} mb="xs">
        Plan
      </Title>
      {plan ? (
        <PlanView plan={summaryOfPlan(plan)} />
      ) : (
        <Text c="dimmed">No plan: the deployment type is not usable.</Text>
      )}
    </section>
    <section aria-label="Object">
      <Title order={4} mb="xs">
        The AIWorkload it creates
      </Title>
      <Code block>{JSON.stringify(object, null, 2)}</Code>
    </section>
  </Stack>
);
