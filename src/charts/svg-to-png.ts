import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { chartFonts } from './chart-fonts.js';
import { colors, scale } from './chart-style.js';

/**
 * SVG to PNG with resvg, on libuv's thread pool so that the bot's event loop keeps answering Slack
 * while a chart is drawn. `fonts` is for the tests of what happens when a machine has none.
 */
export async function svgToPng(
  svg: string,
  fonts: NonNullable<ResvgRenderOptions['font']> = chartFonts(),
): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: fonts,
    fitTo: { mode: 'zoom', value: scale },
    background: colors.background,
    logLevel: 'off',
  });
  return image.asPng();
}
