/**
 * Renders images/icon.svg to the 128x128 images/icon.png the marketplace wants (it does not take SVG).
 * Needs ImageMagick with an SVG delegate (Debian: `apt-get install imagemagick`); the PNG is committed,
 * so only whoever changes the SVG runs this.
 *
 * Run: node --import tsx scripts/generate-icon.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const svg = fileURLToPath(new URL('../images/icon.svg', import.meta.url));
const png = fileURLToPath(new URL('../images/icon.png', import.meta.url));
// A high density rasterizes the vector at 4x before the resize, for smooth edges.
const args = ['-background', 'none', '-density', '384', svg, '-resize', '128x128', '-strip', `PNG32:${png}`];

for (const tool of [['magick'], ['convert']]) {
  const r = spawnSync(tool[0]!, [...tool.slice(1), ...args], { encoding: 'utf8' });
  if (r.error) continue; // not installed under this name
  if (r.status !== 0) {
    console.error(`${tool[0]} failed: ${r.stderr.trim()}`);
    process.exit(1);
  }
  console.log(`wrote ${png}`);
  process.exit(0);
}
console.error('ImageMagick not found: install it (Debian: apt-get install imagemagick) and run again.');
process.exit(1);
