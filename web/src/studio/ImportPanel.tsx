/**
 * Import into a project: the target namespace (the current project by default), the variable
 * values (sent as `set=NAME=VALUE`), a dry run as soon as the inputs settle (what would be created
 * or changed), a conflict with the overwrite choice that names what it changes, progress while
 * importing, then the report. Nothing is written before the user presses Import.
 */
import { Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { VariableOverrides } from '../../../src/model/index.js';
import { ApiError, type Cause } from '../api/client';
import { to } from '../app/paths';
import { ErrorAlert } from '../components/states';
import { checkValues, VariablesForm, type FormVariable } from '../components/VariablesForm';
import { ConflictView } from './ConflictView';
import { ImportReportView } from './ImportReportView';
import { importArchive, type ImportReport } from './studioApi';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The server's causes that name a variable (`override modelId …`, `"modelId" is locked`), by name. */
export const variableErrors = (causes: Cause[], names: string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const c of causes) {
    const name = names.find((n) => c.message.includes(`"${n}"`) || c.message.includes(`override ${n} `));
    if (name) out[name] = `${c.reason}: ${c.message.replace(/^--set /, '')}`;
  }
  return out;
};

type Check =
  | { state: 'idle' }
  | { state: 'ok'; report: ImportReport }
  | { state: 'conflict'; error: ApiError; preview?: ImportReport }
  | { state: 'error'; error: Error };

export const ImportPanel = ({
  archive,
  variables,
  namespace,
  onReport,
}: {
  /** Reads the archive's bytes (once; the panel keeps them). */
  archive: () => Promise<Blob>;
  variables: FormVariable[];
  /** The current project: the default target. */
  namespace: string;
  /** Every report the panel reads (dry runs too): the page shows the archive's contents from it. */
  onReport?: (r: ImportReport) => void;
}) => {
  const [target, setTarget] = useState(namespace);
  const [values, setValues] = useState<VariableOverrides>({});
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  // While a new dry run runs, the last result stays on screen (dimmed) so the form does not jump.
  const [checking, setChecking] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [importing, setImporting] = useState(false);
  const [done, setDone] = useState<ImportReport | Error>();
  const bytes = useRef<Promise<Blob>>(undefined);
  // Read once and kept; a failed read is forgotten so that the next dry run tries again.
  const read = () =>
    (bytes.current ??= archive().catch((e: unknown) => {
      bytes.current = undefined;
      throw e;
    }));
  const report = useRef(onReport);
  report.current = onReport;

  const localErrors = checkValues(variables, values);
  const targetError = NAMESPACE.test(target)
    ? undefined
    : 'a namespace name: lowercase letters, digits and -';
  const ready = !targetError && Object.keys(localErrors).length === 0;

  // The dry run, re-run when the target or the values change (after typing settles).
  useEffect(() => {
    setOverwrite(false);
    setDone(undefined);
    if (!ready) {
      setChecking(false);
      return setCheck({ state: 'idle' });
    }
    let live = true;
    setChecking(true);
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const r = await importArchive(target, await read(), { dryRun: true, overwrite: false, values });
          if (!live) return;
          report.current?.(r);
          setCheck({ state: 'ok', report: r });
          setChecking(false);
        } catch (e) {
          if (!live) return;
          if (!(e instanceof ApiError) || e.status !== 409) {
            setChecking(false);
            return setCheck({ state: 'error', error: e as Error });
          }
          // What an overwrite would do: the same dry run with overwrite (it writes nothing).
          try {
            const preview = await importArchive(target, await read(), {
              dryRun: true,
              overwrite: true,
              values,
            });
            if (!live) return;
            report.current?.(preview);
            setCheck({ state: 'conflict', error: e, preview });
          } catch (e2) {
            if (live) setCheck({ state: 'error', error: e2 as Error });
          }
          if (live) setChecking(false);
        }
      })();
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `read` and `ready` follow from these inputs.
  }, [target, JSON.stringify(values), ready]);

  const run = async () => {
    setImporting(true);
    try {
      setDone(await importArchive(target, await read(), { dryRun: false, overwrite, values }));
      // The report replaces the form, which may have been scrolled far down: show the page's top.
      requestAnimationFrame(() => window.scrollTo({ top: 0 }));
    } catch (e) {
      setDone(e as Error);
    } finally {
      setImporting(false);
    }
  };

  const serverCauses = check.state === 'error' && check.error instanceof ApiError ? check.error.causes : [];
  const fieldErrors = {
    ...variableErrors(
      serverCauses,
      variables.map((v) => v.name),
    ),
    ...localErrors,
  };
  const canImport =
    ready &&
    !importing &&
    (check.state === 'ok' || (check.state === 'conflict' && overwrite && !!check.preview));
  if (done && !(done instanceof Error))
    return (
      <Paper withBorder p="md">
        <ImportReportView report={done} />
        {Object.keys(values).length ? (
          <Text size="sm" mt="xs">
            Values set:{' '}
            {Object.entries(values)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(', ')}
          </Text>
        ) : null}
        <Group mt="md">
          <Button component={Link} to={to.bundles(done.namespace)} variant="default">
            Bundles of {done.namespace}
          </Button>
          <Button component={Link} to={to.studio(namespace)} variant="subtle">
            Back to the Studio
          </Button>
        </Group>
      </Paper>
    );
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={3}>Import into a project</Title>
        <TextInput
          label="Target namespace"
          description="The project namespace the objects go into"
          value={target}
          error={targetError}
          onChange={(e) => setTarget(e.currentTarget.value.trim())}
          w={360}
        />
        {checking ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Checking the import (dry run)…
            </Text>
          </Group>
        ) : null}
        <div style={{ opacity: checking ? 0.5 : 1 }}>
          {check.state === 'idle' ? null : check.state === 'ok' ? (
            <ImportReportView report={check.report} />
          ) : check.state === 'conflict' ? (
            <ConflictView
              message={check.error.message}
              causes={check.error.causes}
              preview={check.preview}
              overwrite={overwrite}
              onOverwrite={setOverwrite}
            />
          ) : check.state === 'error' ? (
            <ErrorAlert error={check.error} title="The dry run refused the import" />
          ) : null}
        </div>
        <div>
          <Text fw={600} size="sm" mb={4}>
            Variable values
          </Text>
          <VariablesForm variables={variables} values={values} onChange={setValues} errors={fieldErrors} />
        </div>
        {done instanceof Error ? (
          <ErrorAlert error={done} title="The import was refused; nothing was written" />
        ) : null}
        <Group>
          <Button onClick={() => void run()} disabled={!canImport} loading={importing}>
            {check.state === 'ok' && check.report.result === 'unchanged'
              ? 'Import (nothing to change)'
              : 'Import'}
          </Button>
          <Text size="sm" c="dimmed" role="status">
            {importing
              ? `Importing into ${target}: every object or none…`
              : check.state === 'conflict' && !overwrite
                ? 'Conflicts with the namespace: import elsewhere, or tick Overwrite above.'
                : check.state === 'ok' && !checking
                  ? 'Checked by a dry run (above); nothing is written before Import.'
                  : ''}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
};
