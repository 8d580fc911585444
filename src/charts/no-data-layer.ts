/**
 * The words "no data" in the middle of a plot: a chart whose values are all missing still says so
 * in the thread rather than failing to render or drawing empty axes that look like a bug.
 */
export function noDataLayer(x: number, y: number, text = 'no data'): object {
  return {
    data: { values: [{}] },
    mark: { type: 'text', fontSize: 18, color: '#616061', align: 'center', baseline: 'middle' },
    encoding: { x: { value: x }, y: { value: y }, text: { value: text } },
  };
}
