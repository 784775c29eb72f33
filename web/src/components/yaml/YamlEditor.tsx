/**
 * The CodeMirror YAML view/editor: syntax highlighting, the issues underlined at their lines with a
 * gutter marker (CodeMirror's lint), and a list of the same issues by line under the editor so they
 * are readable without hovering. Loaded on demand through {@link ./YamlView}: CodeMirror stays out
 * of the first page's JavaScript.
 */
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { List, Stack, Text } from '@mantine/core';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { placeIssues, type YamlIssue } from './yamlLines';

export interface YamlEditorProps {
  value: string;
  /** Absent: read-only. */
  onChange?: (value: string) => void;
  issues?: readonly YamlIssue[];
  /** Accessible name of the editor. */
  label: string;
  height?: string;
}

export const YamlEditor = ({ value, onChange, issues = [], label, height = '420px' }: YamlEditorProps) => {
  const placed = useMemo(() => placeIssues(value, issues), [value, issues]);
  const extensions = useMemo(() => {
    const diagnostics: Diagnostic[] = placed.map((p) => ({
      from: Math.min(p.from, value.length),
      to: Math.min(p.to, value.length),
      severity: p.severity ?? 'error',
      message: `${p.code} ${p.field ? `${p.field}: ` : ''}${p.message}`,
    }));
    return [yaml(), lintGutter(), linter(() => diagnostics, { delay: 0 })];
  }, [placed, value.length]);
  return (
    <Stack gap="xs">
      <CodeMirror
        value={value}
        height={height}
        extensions={extensions}
        editable={!!onChange}
        readOnly={!onChange}
        aria-label={label}
        basicSetup={{ foldGutter: true, highlightActiveLine: !!onChange }}
        {...(onChange ? { onChange } : {})}
      />
      {placed.length ? (
        <List size="sm" aria-label={`${label}: issues by line`}>
          {placed.map((p, i) => (
            <List.Item key={i}>
              <Text span ff="monospace" c="dimmed">
                line {p.line}
              </Text>{' '}
              <Text span ff="monospace" fw={600} c={p.severity === 'warning' ? 'yellow.8' : 'red.7'}>
                {p.code}
              </Text>{' '}
              {p.message}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
};
