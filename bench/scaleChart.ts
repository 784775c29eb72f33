/**
 * The scaling curves as tables and as one SVG chart (plain SVG text, no dependency): a grid of
 * panels, each a line chart of one or more series over a log-scaled x axis, with the goal drawn as
 * a dashed line where there is one. Other benches add panels of their own (see {@link importPanel}).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fmt, table } from './stats.js';

/** One line of a panel: `[x, y]` points, x ascending. */
export interface Series {
  name: string;
  points: [number, number][];
}

/** One chart of the grid. */
export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** A goal on the y axis (drawn dashed), e.g. 300 MiB. */
  goal?: { y: number; label: string };
}

/** One size of a Studio import (bench/studioImport.ts measures them). */
export interface ImportRow {
  manifests: number;
  ms: number;
  peakRssMiB: number;
}

/** The import curve as a panel (seconds and peak RSS over manifests), for {@link scalingSvg}. */
export const importPanel = (rows: readonly ImportRow[]): Panel[] => [
  {
    title: 'Studio import: time',
    xLabel: 'manifests',
    yLabel: 's',
    series: [{ name: 'import', points: rows.map((r) => [r.manifests, r.ms / 1000]) }],
    goal: { y: 3, label: '< 3 s at 10k' },
  },
  {
    title: 'Studio import: server peak RSS',
    xLabel: 'manifests',
    yLabel: 'MiB',
    series: [{ name: 'peak RSS', points: rows.map((r) => [r.manifests, r.peakRssMiB]) }],
    goal: { y: 300, label: '300 MiB' },
  },
];

/** Prints a panel as a table: one row per x, one column per series. */
export const printPanel = (panel: Panel): void => {
  const xs = [...new Set(panel.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  console.log(`\n## scale: ${panel.title} (${panel.yLabel})\n`);
  table(
    [panel.xLabel, ...panel.series.map((s) => s.name)],
    xs.map((x) => [
      fmt(x),
      ...panel.series.map((s) => {
        const y = s.points.find((p) => p[0] === x)?.[1];
        return y === undefined ? '–' : fmt(y, y < 10 ? 2 : y < 100 ? 1 : 0);
      }),
    ]),
  );
};

const W = 360;
const H = 240;
const M = { left: 52, right: 12, top: 30, bottom: 58 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const short = (n: number) =>
  n >= 1e6 ? `${fmt(n / 1e6)}M` : n >= 1e3 ? `${fmt(n / 1e3)}k` : fmt(n, n < 10 && n % 1 ? 1 : 0);

/** A panel as an SVG group at (0, 0), W × H. */
const panelSvg = (panel: Panel): string => {
  const points = panel.series.flatMap((s) => s.points);
  const xs = [...new Set(points.map((p) => p[0]))].sort((a, b) => a - b);
  const yMax = Math.max(...points.map((p) => p[1]), panel.goal?.y ?? 0) * 1.15 || 1;
  const lx = (x: number) => Math.log10(Math.max(x, 1));
  const [x0, x1] = [lx(xs[0] ?? 1), lx(xs[xs.length - 1] ?? 10)];
  const px = (x: number) => M.left + (x1 === x0 ? 0.5 : (lx(x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - (y / yMax) * (H - M.top - M.bottom);
  const out: string[] = [
    `<rect width="${W}" height="${H}" fill="#fff" stroke="#ddd"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`,
    `<line x1="${M.left}" y1="${py(0)}" x2="${W - M.right}" y2="${py(0)}" stroke="#888"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${py(0)}" stroke="#888"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 30}" text-anchor="middle" fill="#555">${esc(panel.xLabel)}</text>`,
    `<text x="12" y="${(M.top + py(0)) / 2}" text-anchor="middle" fill="#555" transform="rotate(-90 12 ${(M.top + py(0)) / 2})">${esc(panel.yLabel)}</text>`,
  ];
  for (const x of xs)
    out.push(`<text x="${px(x)}" y="${py(0) + 14}" text-anchor="middle" fill="#555">${short(x)}</text>`);
  for (const f of [0.5, 1]) {
    const y = (yMax / 1.15) * f;
    out.push(
      `<text x="${M.left - 4}" y="${py(y) + 4}" text-anchor="end" fill="#555">${short(y)}</text>`,
      `<line x1="${M.left}" y1="${py(y)}" x2="${W - M.right}" y2="${py(y)}" stroke="#eee"/>`,
    );
  }
  if (panel.goal)
    out.push(
      `<line x1="${M.left}" y1="${py(panel.goal.y)}" x2="${W - M.right}" y2="${py(panel.goal.y)}" stroke="#e377c2" stroke-dasharray="5 4"/>`,
      `<text x="${W - M.right - 2}" y="${py(panel.goal.y) - 4}" text-anchor="end" fill="#e377c2">goal ${esc(panel.goal.label)}</text>`,
    );
  const step = Math.min(105, (W - M.left - 4) / Math.max(1, panel.series.length));
  panel.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const path = s.points.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const [x, y] of s.points)
      out.push(
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`,
        `<text x="${px(x).toFixed(1)}" y="${(py(y) - 6).toFixed(1)}" text-anchor="middle" font-size="10" fill="${color}">${short(y)}</text>`,
      );
    out.push(
      `<rect x="${M.left + 4 + i * step}" y="${H - 18}" width="10" height="10" fill="${color}"/>`,
      `<text x="${M.left + 18 + i * step}" y="${H - 9}" font-size="10">${esc(s.name)}</text>`,
    );
  });
  return out.join('\n');
};

/** The panels as one SVG document, `columns` panels per row. */
export const scalingSvg = (panels: readonly Panel[], subtitle: string, columns = 3): string => {
  const rows = Math.ceil(panels.length / columns);
  const width = columns * W + (columns + 1) * 10;
  const height = rows * H + (rows + 1) * 10 + 30;
  const groups = panels.map(
    (p, i) =>
      `<g transform="translate(${10 + (i % columns) * (W + 10)} ${40 + Math.floor(i / columns) * (H + 10)})">\n${panelSvg(p)}\n</g>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fafafa"/>`,
    `<text x="10" y="24" font-size="14" font-weight="bold">paletteai scaling curves</text>`,
    `<text x="${width - 10}" y="24" text-anchor="end" fill="#555">${esc(subtitle)}</text>`,
    ...groups,
    '</svg>',
    '',
  ].join('\n');
};

/** Writes {@link scalingSvg} to `path` (its directory made when missing). */
export const writeScalingSvg = async (path: string, panels: readonly Panel[], subtitle: string) => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, scalingSvg(panels, subtitle));
};
