/** The YAML editor, loaded on first use (its CodeMirror chunk is fetched only by pages that show YAML). */
import { lazy, Suspense } from 'react';
import { Loading } from '../states';
import type { YamlEditorProps } from './YamlEditor';

const Editor = lazy(async () => ({ default: (await import('./YamlEditor')).YamlEditor }));

/** A YAML view (read-only without `onChange`) with issues marked at their lines. */
export const YamlView = (props: YamlEditorProps) => (
  <Suspense fallback={<Loading what="the YAML editor" />}>
    <Editor {...props} />
  </Suspense>
);
