import { useParams } from 'react-router-dom';

const KEY = 'paletteai.namespace';

/** The project namespace last opened in this browser (`default` the first time). */
export const lastNamespace = (): string => localStorage.getItem(KEY) ?? 'default';
export const rememberNamespace = (ns: string): void => localStorage.setItem(KEY, ns);

/** The namespace of the current page (from its address). */
export const useNamespace = (): string => {
  const { ns } = useParams();
  return ns ?? lastNamespace();
};
