import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The UI builds into dist/web, which the API server serves at `/` (src/server/http/ui.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      output: {
        // The editor is only on the pages that show YAML: its own chunk, loaded when needed. The
        // component library is left to Rollup: a page loads only the components it uses.
        manualChunks: (id) =>
          /node_modules\/(@codemirror|@lezer|@uiw|codemirror)/.test(id)
            ? 'editor'
            : /node_modules\/(react|react-dom|scheduler|react-router)/.test(id)
              ? 'react'
              : undefined,
      },
    },
  },
});
