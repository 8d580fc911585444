import { PNG } from 'pngjs';

/** What a test can say about a PNG without looking at it: size, ink, colours, and how much of one. */
export interface PixelCount {
  readonly width: number;
  readonly height: number;
  /** Pixels that are not the white background. */
  readonly ink: number;
  /** Distinct colours, rounded to 16 levels a channel so anti-aliasing does not count. */
  readonly colours: number;
  /** Pixels within a small distance of `near` (the loss red, say). */
  readonly near: number;
}

export function countPixels(png: Buffer, near: readonly [number, number, number] = [0, 0, 0]): PixelCount {
  const image = PNG.sync.read(png);
  let ink = 0;
  let close = 0;
  const colours = new Set<number>();
  for (let offset = 0; offset < image.data.length; offset += 4) {
    const r = image.data[offset] as number;
    const g = image.data[offset + 1] as number;
    const b = image.data[offset + 2] as number;
    if (r < 250 || g < 250 || b < 250) ink += 1;
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    if (Math.abs(r - near[0]) + Math.abs(g - near[1]) + Math.abs(b - near[2]) < 30) close += 1;
  }
  return { width: image.width, height: image.height, ink, colours: colours.size, near: close };
}
