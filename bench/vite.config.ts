// The bench page: same worker, same aliases as the app, built on its own into bench/.dist.
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import app from '../vite.config';

export default mergeConfig(app, defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  build: { outDir: fileURLToPath(new URL('./.dist', import.meta.url)), emptyOutDir: true },
}));
