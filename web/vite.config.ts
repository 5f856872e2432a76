import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

// Vant's icon font lists a CDN copy after the inline one; drop it so nothing is ever fetched from outside.
function noRemoteFonts(): Plugin {
  return {
    name: 'no-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.css')) return null;
      return code.replace(/,\s*url\((['"]?)(https?:)?\/\/[^)]+\)\s*format\((['"])[^)]+\3\)/g, '');
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [noRemoteFonts(), vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 900,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true }, '/dev': 'http://127.0.0.1:4000' },
  },
});
