import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  entryHash,
  galleryDir,
  galleryEntries,
  manifestPath,
  type GalleryManifest,
} from '../../harness/gallery/gallery-entries.js';

// docs/gallery.md shows pictures of messages (issue 13). Each picture records the hash of the Block
// Kit and chart specs it was drawn from; when a renderer changes what a message says or how a chart
// looks, the hash of the re-rendered message differs and this test says to redraw. No chromium here.

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as GalleryManifest;
const recorded = new Map(manifest.images.map((image) => [image.name, image]));
const redraw = 'the gallery is older than the renderers: run npm run gallery';

describe('docs/gallery', () => {
  test('every picture was drawn from the messages the current renderers produce', () => {
    const entries = galleryEntries();
    const stale = entries
      .filter((entry) => recorded.get(entry.name)?.hash !== entryHash(entry))
      .map((entry) => entry.name);
    const gone = manifest.images
      .filter((image) => !entries.some((entry) => entry.name === image.name))
      .map((image) => image.name);
    if (stale.length > 0 || gone.length > 0) {
      throw new Error(
        `${redraw} (changed or new: ${stale.join(', ') || 'none'}; no longer in the gallery: ${gone.join(', ') || 'none'})`,
      );
    }
  });

  test('every picture of the manifest is in docs/gallery and shown by docs/gallery.md', () => {
    const page = readFileSync(join(galleryDir, '..', 'gallery.md'), 'utf8');
    for (const image of manifest.images) {
      expect(existsSync(join(galleryDir, image.file))).toBe(true);
      expect(page).toContain(`(gallery/${image.file})`);
    }
  });
});
