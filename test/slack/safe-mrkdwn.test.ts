import { safeMrkdwn } from '../../src/slack/safe-mrkdwn';

describe('safeMrkdwn', () => {
  test('user mentions, channel links and links stay', () => {
    const text = 'ask <@U123|bob> in <#C42|ops> see <https://status.example.com|status>';
    expect(safeMrkdwn(text)).toBe(text);
  });

  test('broadcasts and user groups cannot ping', () => {
    const out = safeMrkdwn('<!channel> <!here> <!everyone> <!subteam^S123|@oncall> <!subteam^S9>');
    expect(out).not.toMatch(/<!/);
    expect(out).toBe('@\u200Bchannel @\u200Bhere @\u200Beveryone @\u200Boncall @\u200Ba user group');
  });

  test('plain @channel text is broken too', () => {
    expect(safeMrkdwn('@channel look')).toBe('@\u200Bchannel look');
  });

  test('stray brackets and ampersands are escaped; Slack entities stay', () => {
    expect(safeMrkdwn('a < b > c & d &amp; &lt;x&gt;')).toBe('a &lt; b &gt; c &amp; d &amp; &lt;x&gt;');
    expect(safeMrkdwn('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(safeMrkdwn('<!date^1392734382^{date}|Feb 18>')).toBe('Feb 18');
  });
});
