// Loads an asciicast file with asciinema-player's own core (the npm package, no browser) and prints what the
// player would show: {"duration": seconds, "markers": [[seconds, label], ...]}.
// usage: node load-cast.mjs NPM_PREFIX FILE.cast
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = join(process.argv[2], 'node_modules', 'asciinema-player', 'dist');
const chunk = readdirSync(dist).find(f => /^core-.*\.js$/.test(f));
if (!chunk) {
  console.error(`no core-*.js in ${dist}`);
  process.exit(2);
}
const { C: Core } = await import(pathToFileURL(join(dist, chunk)).href);
const text = readFileSync(process.argv[3], 'utf8');
const quiet = () => {};
const logger = { log: quiet, debug: quiet, info: quiet, warn: (...a) => console.error(...a), error: (...a) => console.error(...a) };
const core = new Core({ data: text }, { logger, preload: true, autoPlay: false });
const metadata = new Promise((resolve, reject) => {
  core.addEventListener('metadata', resolve);
  core.addEventListener('error', reject);
});
core.terminalReady();
await core.init();
const m = await metadata;
console.log(JSON.stringify({ duration: m.duration, markers: m.markers }));
process.exit(0);
