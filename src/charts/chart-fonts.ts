import { existsSync } from 'node:fs';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { fontFamily } from './chart-style.js';

// Where distributions put DejaVu Sans (Debian's fonts-dejavu-core, Alpine's font-dejavu, Fedora's
// dejavu-sans-fonts). Loading two known files takes a millisecond; scanning every system font
// directory on each render costs far more, so the scan is only the fallback.
const candidates = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/TTF',
];
const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

let cached: NonNullable<ResvgRenderOptions['font']> | undefined;

/**
 * resvg's font options: DejaVu Sans when it is installed; otherwise whatever fonts the system has
 * (text in another face, still readable). With no fonts at all resvg draws the chart without its
 * text rather than failing: the lines and bars still go to the thread.
 */
export function chartFonts(): NonNullable<ResvgRenderOptions['font']> {
  cached ??= findFonts(candidates);
  return cached;
}

/** The first directory of `dirs` that holds DejaVu Sans, or the system's fonts. */
export function findFonts(dirs: readonly string[]): NonNullable<ResvgRenderOptions['font']> {
  for (const dir of dirs) {
    const found = files.map((file) => `${dir}/${file}`).filter((path) => existsSync(path));
    if (found.length > 0) {
      return {
        loadSystemFonts: false,
        fontFiles: found,
        defaultFontFamily: fontFamily,
        sansSerifFamily: fontFamily,
      };
    }
  }
  return { loadSystemFonts: true };
}
