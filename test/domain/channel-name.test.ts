import { channelName, MAX_CHANNEL_NAME_LENGTH, slugify } from '../../src/domain/channel-name';

describe('channel names', () => {
  test('date and slug', () => {
    expect(channelName('20240205', 'Checkout outage', '7')).toBe('inc-20240205-checkout-outage');
  });

  test('only a-z 0-9 and hyphens, accents folded, mentions dropped', () => {
    expect(slugify('  Café API: 50% errors!!  ')).toBe('cafe-api-50-errors');
    expect(slugify('DB <@U123|bob> & <!channel> down')).toBe('db-down');
    expect(slugify('R&amp;D &lt;api&gt; down')).toBe('r-d-api-down');
    expect(channelName('20240205', 'Ünïcode—Ärger / EU_West', '1')).toMatch(/^[a-z0-9_-]+$/);
  });

  test('a title without usable letters is named after the declaration time', () => {
    expect(channelName('20240205', '🔥🔥🔥', '1432')).toBe('inc-20240205-incident-1432');
    expect(channelName('20240205', '日本語', '0905', 2)).toBe('inc-20240205-incident-0905-2');
  });

  test('numbered suffix on later attempts', () => {
    expect(channelName('20240205', 'db', '1', 2)).toBe('inc-20240205-db-2');
    expect(channelName('20240205', 'db', '1', 13)).toBe('inc-20240205-db-13');
  });

  test('at most 80 characters, suffix kept, no trailing hyphen', () => {
    const title = 'a very long title '.repeat(10);
    for (const attempt of [1, 2, 20]) {
      const name = channelName('20240205', title, '1', attempt);
      expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME_LENGTH);
      expect(name).not.toMatch(/--|-$/);
      if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
    }
  });
});
