import type { Request } from '../grammar/request.js';
import { parseTargetToken } from '../grammar/target.js';

/**
 * The command as its user typed it, without the targets it runs in (the "where" is said apart):
 * `dig kubernetes.default` for `dig pod/frontend kubernetes.default`. Slack's message and the
 * worker's running line both show it.
 */
export function commandWithoutTargets(request: Pick<Request, 'text' | 'targets'>): string {
  const remaining = [...request.targets];
  const words = request.text
    .trim()
    .split(/\s+/)
    .filter((word) => {
      const target = parseTargetToken(word);
      const index = target
        ? remaining.findIndex((each) => each.kind === target.kind && each.name === target.name)
        : -1;
      if (index === -1) return true;
      remaining.splice(index, 1);
      return false;
    });
  return words.join(' ');
}
