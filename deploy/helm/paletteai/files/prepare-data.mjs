// The init container of every paletteai pod (node, an ES module): prepares the server's data directory
// (an emptyDir) before `paletteai server` starts on it.
// - The CA all replicas share (PALETTEAI_CA_DIR/ca.crt, ca.key, from a Secret) is copied into the
//   data directory, where the server looks for it: each replica then issues its serving certificate
//   with it instead of making a CA of its own, and one kubeconfig verifies every replica.
// - The first cluster-admin token (PALETTEAI_ADMIN_TOKEN, from a Secret), when given, is written as
//   DATA/tokens.json: only its sha256, under the name "admin". The server imports that file into
//   the database at start unless the database has an "admin" token already (then it keeps its own),
//   and makes no random admin token of its own.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const data = process.env.PALETTEAI_DATA;
const caDir = process.env.PALETTEAI_CA_DIR;
if (!data || !caDir) {
  console.error('prepare-data: PALETTEAI_DATA and PALETTEAI_CA_DIR must be set');
  process.exit(1);
}
for (const file of ['ca.crt', 'ca.key']) {
  try {
    copyFileSync(join(caDir, file), join(data, file));
  } catch (e) {
    console.error(
      `prepare-data: cannot copy the CA's ${file} (${e.code ?? e.message}): the CA Secret needs keys ca.crt and ca.key`,
    );
    process.exit(1);
  }
}
chmodSync(join(data, 'ca.key'), 0o600);

const token = (process.env.PALETTEAI_ADMIN_TOKEN ?? '').trim();
if (process.env.PALETTEAI_ADMIN_TOKEN !== undefined) {
  if (token.length < 32) {
    console.error(
      `prepare-data: the admin token Secret holds ${token.length} characters; use a random string of 32 or more`,
    );
    process.exit(1);
  }
  const sha256 = createHash('sha256').update(token).digest('hex');
  const tokens = [
    { name: 'admin', role: 'cluster-admin', namespace: '*', sha256, created: new Date().toISOString() },
  ];
  writeFileSync(join(data, 'tokens.json'), JSON.stringify({ tokens }), { mode: 0o600 });
}
console.log(`prepare-data: CA copied${token ? ', admin token staged for import' : ''}`);
