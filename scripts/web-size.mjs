// Prints the web console's JS chunks with their gzipped sizes (largest first) as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../web/dist/assets');
const chunks = readdirSync(dir)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((file) => {
    const bytes = readFileSync(path.join(dir, file));
    return {
      file,
      kB: +(bytes.length / 1000).toFixed(1),
      gzipKB: +(gzipSync(bytes, { level: 9 }).length / 1000).toFixed(1),
    };
  })
  .sort((a, b) => b.gzipKB - a.gzipKB);
console.log(JSON.stringify(chunks, null, 1));
