import { defineConfig, type Plugin } from 'vite';
import { buildStamp, distDir, webDir } from './build-stamp.ts';

/** Writes dist/build-stamp.json, which build-stamp.test.ts compares with the sources (see build-stamp.ts). */
function stamp(): Plugin {
  return {
    name: 'mosaic-build-stamp',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'build-stamp.json',
        source: `${JSON.stringify(buildStamp(), null, 2)}\n`,
      });
    },
  };
}

export default defineConfig({
  root: webDir,
  // Relative asset URLs: the console server may mount the page under any prefix.
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: distDir,
    emptyOutDir: true,
    // One small page: a single script and a single stylesheet, no source maps in the committed dist.
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  plugins: [stamp()],
  server: {
    // `npx vite --config packages/console/web/vite.config.ts` next to a running console: the page hot, the
    // API from the console server.
    proxy: { '/api': process.env.MOSAIC_CONSOLE_URL ?? 'http://127.0.0.1:8000' },
  },
});
