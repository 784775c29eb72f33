/**
 * A Secret reference: its name picked from the namespace's Secrets (by name only — values are never
 * read or shown) or typed for a Secret still to be made, and the key inside it.
 */
import { Autocomplete, Group, TextInput } from '@mantine/core';
import { fieldProps, type FieldIssue } from './fieldIssues';
import type { RefDraft } from './settingsDraft';

export const SecretRefInput = ({
  label,
  field,
  value,
  onChange,
  secretNames,
  issues,
  keyPlaceholder,
  required,
}: {
  /** e.g. "Hugging Face token": the inputs are "… Secret" and "… key". */
  label: string;
  /** Field path of the reference, e.g. `spec.huggingFace.tokenSecretRef`. */
  field: string;
  value: RefDraft;
  onChange: (r: RefDraft) => void;
  secretNames: string[];
  issues: FieldIssue[];
  keyPlaceholder?: string;
  required?: boolean;
}) => {
  const missing = value.name.trim() !== '' && !secretNames.includes(value.name.trim());
  const nameProps = fieldProps(issues, `${field}.name`);
  return (
    <Group align="flex-start" grow>
      <Autocomplete
        label={`${label} Secret`}
        placeholder={secretNames.length ? 'Choose or type a Secret name' : 'No Secrets in this namespace'}
        data={secretNames}
        value={value.name}
        onChange={(name) => onChange({ ...value, name })}
        required={required}
        {...nameProps}
        // The server's REF001 comes with the dry run; until it answers the list already knows.
        description={
          nameProps.description ??
          (missing ? `Warning: Secret "${value.name.trim()}" does not exist in this namespace.` : undefined)
        }
        descriptionProps={{ c: 'orange.8' }}
      />
      <TextInput
        label={`${label} key`}
        placeholder={keyPlaceholder}
        value={value.key}
        onChange={(e) => onChange({ ...value, key: e.currentTarget.value })}
        {...fieldProps(issues, `${field}.key`)}
      />
    </Group>
  );
};
