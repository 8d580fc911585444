import {
  captureRefusal,
  channelRateRefusal,
  channelRunningRefusal,
  describeCaptureTarget,
  userRateRefusal,
  userRunningRefusal,
} from '../../../src/limits/refusal-words.js';

describe('the words of a limit refusal', () => {
  it('says how many jobs you have running, the limit, and how one frees', () => {
    expect(userRunningRefusal(3, 3)).toEqual({
      limit: 'user-running',
      message: 'you have 3 jobs running; the limit is 3 (one frees when a job ends: `/netshoot jobs`)',
    });
    expect(userRunningRefusal(1, 1).message).toMatch(/^you have 1 job running; the limit is 1 /);
  });

  it("says how many jobs the channel has running and the channel's limit", () => {
    expect(channelRunningRefusal(10, 10)).toEqual({
      limit: 'channel-running',
      message:
        'this channel has 10 jobs running; the limit is 10 (one frees when a job ends: `/netshoot jobs`)',
    });
  });

  it('says how many commands a minute you ran and when to try again, in whole seconds rounded up', () => {
    expect(userRateRefusal(20, 13_200)).toEqual({
      limit: 'user-rate',
      message: 'you ran 20 commands in the last minute; the limit is 20; try again in 14 s',
    });
    // Never "try again in 0 s": the window has not passed yet.
    expect(userRateRefusal(20, 3).message).toMatch(/try again in 1 s$/);
  });

  it("says the channel's commands a minute and when to try again", () => {
    expect(channelRateRefusal(60, 59_001)).toEqual({
      limit: 'channel-rate',
      message: 'this channel ran 60 commands in the last minute; the limit is 60; try again in 60 s',
    });
  });

  it('names the capture that holds the target, whose job it is, and the longest wait', () => {
    expect(
      captureRefusal('prod/default/pod/web', 1, 1, 119_400, { tool: 'tcpdump', byRequester: false }),
    ).toEqual({
      limit: 'capture-per-target',
      message:
        'tcpdump is already capturing on pod/web (job started by someone else); one capture per target at a time: try again when it ends (at most 2m)',
    });
    expect(
      captureRefusal('prod/default/pod/web', 1, 1, 30_000, { tool: 'ngrep', byRequester: true }).message,
    ).toBe(
      'ngrep is already capturing on pod/web (job started by you); one capture per target at a time: try again when it ends (at most 30s)',
    );
  });

  it('says "a capture" when the holder is no longer on record, and counts captures when more are allowed', () => {
    expect(captureRefusal('c/default/pod/web', 1, 1, 5000, { byRequester: false }).message).toMatch(
      /^a capture is already capturing on pod\/web /,
    );
    expect(
      captureRefusal('c/default/pod/web', 2, 2, 5000, { tool: 'tcpdump', byRequester: false }).message,
    ).toBe(
      '2 captures are already running on pod/web; 2 captures per target at a time: try again when one ends (at most 5s)',
    );
  });

  it('shows the target as people write it: with -n outside the default namespace, and host alone', () => {
    expect(describeCaptureTarget('prod/payments/pod/api-7f9')).toBe('pod/api-7f9 -n payments');
    expect(describeCaptureTarget('prod/default/node/worker-1')).toBe('node/worker-1');
    expect(describeCaptureTarget('local/default/container/web')).toBe('container/web');
    expect(describeCaptureTarget('local/default/host/')).toBe('host');
  });
});
