/**
 * `npm run bench -- ui`: the web UI in Debian's Chromium against the real server process on
 * loopback. First load of the bundle list (sign-in address → first row shown, cold cache) with
 * 1,000 and 10,000 bundles in the project, next to a floor measured in the same run: the same
 * browser fetching the same files and the same list JSON with nothing rendered. Also the
 * JavaScript and CSS the first page needs (gzipped, as served), file by file, and how a
 * 10,000-row list behaves (rows in the page, search response).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './browser.js';
import { client, pct, startServerProcess, type ServerProcess } from './serverProcess.js';
import { fmt, table } from './stats.js';

const NS = 'bench-ui';
const RUNS = 7;

const bundle = (i: number) => ({
  apiVersion: 'spectrocloud.com/v1beta1',
  kind: 'ProfileBundle',
  metadata: {
    name: `b-${String(i).padStart(5, '0')}`,
    namespace: NS,
    labels: { 'palette.ai/inference-engine': i % 2 ? 'vllm' : 'sglang', tier: `t${i % 20}` },
  },
  spec: { type: 'Infrastructure', version: `1.${i % 10}.0`, clusterProfiles: [{ name: 'edge' }] },
});

/** Creates bundles `from`…`to - 1` over HTTPS, 16 at a time. */
const fill = async (server: ServerProcess, from: number, to: number) => {
  const call = client(server.url, server.ca, server.token);
  const base = `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`;
  for (let i = from; i < to; i += 16) {
    const batch = [];
    for (let j = i; j < Math.min(i + 16, to); j++) batch.push(call('POST', base, bundle(j)));
    for (const r of await Promise.all(batch))
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
  }
};

interface Load {
  ms: number;
  /** Script and stylesheet bytes on the wire (gzipped) by file. */
  files: { name: string; bytes: number }[];
}

/** Opens the sign-in address in a fresh context and waits for the list's first row. */
const firstLoad = async (browser: Browser, server: ServerProcess): Promise<Load> => {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const files: Load['files'] = [];
  page.on('requestfinished', (req) => {
    const type = req.resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    void req
      .sizes()
      .then((s) => files.push({ name: new URL(req.url()).pathname, bytes: s.responseBodySize }));
  });
  // The namespace the UI opens first is the last one used; a fresh browser opens `default`.
  const t = performance.now();
  await page.goto(`${server.url}/ns/${NS}/bundles?token=${encodeURIComponent(server.token)}`);
  await page.getByRole('link', { name: 'b-00000', exact: true }).waitFor({ timeout: 60_000 });
  const ms = performance.now() - t;
  await page.waitForTimeout(300); // the size reads of the last files (watches keep the network busy)
  await context.close();
  return { ms, files };
};

/** The floor: the same browser fetching index.html, the same assets and the list JSON, rendering nothing. */
const floorLoad = async (browser: Browser, server: ServerProcess, assets: string[]): Promise<number> => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/healthz`);
  const ms = await page.evaluate(
    async ({ assets, list, token }) => {
      const t = performance.now();
      await Promise.all([
        fetch('/').then((r) => r.text()),
        ...assets.map((a) => fetch(a).then((r) => r.text())),
        fetch(list, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()),
      ]);
      return performance.now() - t;
    },
    {
      assets,
      list: `/apis/spectrocloud.com/v1beta1/namespaces/${NS}/profilebundles`,
      token: server.token,
    },
  );
  await context.close();
  return ms;
};

/** Rows in the page and the time from typing a search to the one matching row, with `count` bundles. */
const bigList = async (browser: Browser, server: ServerProcess, count: number) => {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1920, height: 1080 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/ns/${NS}/bundles?token=${encodeURIComponent(server.token)}`);
  await page.getByRole('link', { name: 'b-00000', exact: true }).waitFor({ timeout: 60_000 });
  await page
    .getByText(`${fmt(count).replace(',', '')} bundles`, { exact: true })
    .waitFor({ timeout: 60_000 });
  const rows = await page.locator('table[aria-label="Profile bundles"] tbody tr').count();
  const target = `b-${String(count - 7).padStart(5, '0')}`;
  const t = performance.now();
  await page.getByLabel('Search bundles').fill(target);
  await page.getByRole('link', { name: target, exact: true }).waitFor();
  const searchMs = performance.now() - t;
  const t2 = performance.now();
  await page.getByLabel('Search bundles').fill('');
  await page.locator('[data-testid="virtual-table"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.getByRole('link', { name: `b-${String(count - 1).padStart(5, '0')}`, exact: true }).waitFor();
  const scrollMs = performance.now() - t2;
  await context.close();
  return { rows, searchMs, scrollMs };
};

export const benchUi = async (): Promise<void> => {
  const data = mkdtempSync(join(tmpdir(), 'paletteai-bench-ui-'));
  const server = await startServerProcess(data);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const call = client(server.url, server.ca, server.token);
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await fill(server, 0, 1_000);
    const rows: string[][] = [];
    let split: Load['files'] = [];
    for (const count of [1_000, 10_000]) {
      if (count > 1_000) await fill(server, 1_000, count);
      const loads: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const load = await firstLoad(browser, server);
        loads.push(load.ms);
        if (count === 1_000 && i === 0) split = load.files;
        floors.push(
          await floorLoad(
            browser,
            server,
            split.map((f) => f.name),
          ),
        );
      }
      loads.sort((a, b) => a - b);
      floors.sort((a, b) => a - b);
      rows.push([
        `first load of the bundle list, ${fmt(count)} bundles (sign-in address → first row)`,
        fmt(pct(loads, 50), 0),
        fmt(pct(floors, 50), 0),
        `${fmt(pct(loads, 50) / pct(floors, 50), 1)}×`,
      ]);
    }
    console.log(
      `\n## ui: the web UI in Chromium against the server on loopback (median of ${RUNS}, cold cache)\n`,
    );
    table(['', 'ms', 'floor ms (same files + list JSON, nothing rendered)', 'ratio'], rows);
    const total = split.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `\nJavaScript and CSS the first page needs, gzipped as served: ${fmt(total / 1024, 1)} KiB (target ≤ 500 KiB)\n`,
    );
    table(
      ['file', 'KiB'],
      [...split]
        .sort((a, b) => b.bytes - a.bytes)
        .map((f) => [f.name.replace(/-[\w-]{8}\./, '.'), fmt(f.bytes / 1024, 1)]),
    );
    const big = await bigList(browser, server, 10_000);
    console.log(
      `\n10,000 bundles at 1920×1080: ${big.rows} table rows in the page (virtualised); search to the one match ${fmt(big.searchMs, 0)} ms; ` +
        `scroll to the last row ${fmt(big.scrollMs, 0)} ms`,
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  }
};
