/**
 * "Upload archive": a .tar.gz from this computer, imported with the same dry run, conflict and
 * report steps as a catalog bundle (in a dialog). An uploaded archive's variables are not known
 * before the server reads it, so it is imported with its own defaults.
 */
import { Button, FileButton, Modal } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { ImportPanel } from './ImportPanel';

export const UploadImport = ({ ns }: { ns: string }) => {
  const [file, setFile] = useState<File | null>(null);
  return (
    <>
      <FileButton onChange={setFile} accept=".tar.gz,.tgz,application/gzip,application/x-gzip">
        {(props) => (
          <Button {...props} variant="default" leftSection={<IconUpload size={16} />}>
            Upload archive
          </Button>
        )}
      </FileButton>
      <Modal opened={!!file} onClose={() => setFile(null)} title={`Import ${file?.name ?? ''}`} size="xl">
        {file ? <ImportPanel archive={() => Promise.resolve(file)} variables={[]} namespace={ns} /> : null}
      </Modal>
    </>
  );
};
