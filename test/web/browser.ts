/**
 * The browser suite's parts: Debian's Chromium driven by `playwright-core` (nothing downloaded; the
 * suite fails when Chromium is missing, it never skips), and the real `paletteai server` process
 * whose printed sign-in address each test opens, as a user would.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../bench/browser.js';
import { BIN, EXAMPLES, startServerProcess, tempDir, type ServerProcess } from '../e2e/serverProcess.js';

export interface BrowserWorld {
  /** The server; a test that restarts it on the same data directory puts the new one here. */
  server: ServerProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Opens the address the server printed (`…/?token=…`): the user is signed in. */
  signIn(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh server (empty data directory, embedded SQLite) and a browser page at 1280×800. */
export const startBrowserWorld = async (viewport = { width: 1280, height: 800 }): Promise<BrowserWorld> => {
  const data = await tempDir('web');
  const server = await startServerProcess(data);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const world: BrowserWorld = {
    server,
    browser,
    context,
    page,
    signIn: async () => {
      await page.goto(await world.server.signInUrl());
    },
    // The server in use now: a test may have restarted it on the same data directory.
    close: async () => {
      await browser.close();
      await world.server.stop();
      await rm(data, { recursive: true, force: true });
    },
  };
  return world;
};

/** Where screenshots go: `docs/screenshots` when PALETTEAI_SCREENSHOTS says so, else nowhere. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  const dir = process.env.PALETTEAI_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: false });
};

/**
 * `paletteai apply -f examples/valid` against the world's server (the project-melbourne example).
 * Asynchronously: a test process blocked in spawnSync stops reading the server's output pipes.
 */
export const applyExamples = async (w: BrowserWorld): Promise<void> => {
  await promisify(execFile)(
    process.execPath,
    [BIN, 'apply', '-f', EXAMPLES, '--kubeconfig', w.server.kubeconfig],
    {
      timeout: 120_000,
    },
  );
};

/** POSTs an object to the world's server for a test's setup; anything but 201 fails the test. */
export const postObject = async (w: BrowserWorld, path: string, body: object): Promise<void> => {
  const r = await w.server.client().request('POST', path, JSON.stringify(body), {
    'content-type': 'application/json',
  });
  expect(r.status, r.text).toBe(201);
};
