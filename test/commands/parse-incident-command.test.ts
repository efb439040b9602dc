import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, parseIncidentCommand } from '../../src/commands/parse-incident-command';
import { UsageError } from '../../src/errors';

const clock = { now: new Date('2024-02-05T12:30:00Z'), timeZone: 'UTC' };
const parse = (text: string) => parseIncidentCommand(text, clock);

function usageErrorOf(text: string): UsageError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed without error`);
}

describe('parseIncidentCommand', () => {
  test('empty text and help give help', () => {
    expect(parse('')).toEqual({ name: 'help' });
    expect(parse('  help ')).toEqual({ name: 'help' });
  });

  describe('start', () => {
    test('title only defaults to sev3 and now', () => {
      expect(parse('start Checkout is down')).toEqual({ name: 'start', severity: 'sev3', title: 'Checkout is down' });
    });
    test('severity and time in either order', () => {
      const at = new Date('2024-02-05T10:00:00Z');
      expect(parse('start sev1 10:00 Checkout is down')).toEqual({ name: 'start', severity: 'sev1', at, title: 'Checkout is down' });
      expect(parse('start 10:00 SEV1 Checkout is down')).toEqual({ name: 'start', severity: 'sev1', at, title: 'Checkout is down' });
      expect(parse('start 2024-02-05 10:00 sev2 x')).toEqual({ name: 'start', severity: 'sev2', at, title: 'x' });
      // A bare leading digit is part of the title, not a severity (it declared a sev1 once).
      expect(parse('start 1 of 3 database replicas down')).toEqual({ name: 'start', severity: 'sev3', title: '1 of 3 database replicas down' });
      expect(parse('start P1 Checkout is down')).toEqual({ name: 'start', severity: 'sev1', title: 'Checkout is down' });
    });
    test('a severity word later in the title is title', () => {
      expect(parse('start Payments sev1 escalation')).toEqual({ name: 'start', severity: 'sev3', title: 'Payments sev1 escalation' });
    });
    test('declare is an alias', () => {
      expect(parse('declare x')).toMatchObject({ name: 'start', title: 'x' });
    });
    test('no title opens the declaration form, with what was typed filled in', () => {
      expect(parse('start')).toEqual({ name: 'startForm' });
      expect(parse('start sev1 10:00')).toEqual({ name: 'startForm', severity: 'sev1', at: new Date('2024-02-05T10:00:00Z') });
    });
    test('over-long title', () => {
      expect(usageErrorOf(`start ${'x'.repeat(MAX_TITLE_LENGTH + 1)}`).message).toMatch(/limit is 150/);
      expect(parse(`start ${'x'.repeat(MAX_TITLE_LENGTH)}`)).toMatchObject({ name: 'start' });
    });
  });

  describe('note', () => {
    test('with and without time', () => {
      expect(parse('note users report 500s')).toEqual({ name: 'note', text: 'users report 500s' });
      expect(parse('note 10:05 users report 500s')).toEqual({ name: 'note', text: 'users report 500s', at: new Date('2024-02-05T10:05:00Z') });
    });
    test('keeps newlines and markup as typed', () => {
      expect(parse('note # heading\n*bold* &lt;b&gt;')).toEqual({ name: 'note', text: '# heading\n*bold* &lt;b&gt;' });
    });
    test('missing text and over-long text', () => {
      expect(usageErrorOf('note').subcommand).toBe('note');
      expect(usageErrorOf('note 10:00').subcommand).toBe('note');
      expect(usageErrorOf(`note ${'y'.repeat(MAX_TEXT_LENGTH + 1)}`).message).toMatch(/3,001 characters; the limit is 3,000/);
    });
    test('bad time', () => {
      expect(usageErrorOf('note 26:00 x').message).toMatch(/not a time/);
    });
  });

  test('status', () => {
    expect(parse('status Identified')).toEqual({ name: 'status', status: 'identified' });
    expect(usageErrorOf('status').message).toMatch(/investigating, identified, monitoring, resolved/);
    expect(usageErrorOf('status fixed').message).toMatch(/"fixed" is not a status/);
  });

  test('sev', () => {
    expect(parse('sev sev1')).toEqual({ name: 'sev', severity: 'sev1' });
    expect(parse('sev 2')).toEqual({ name: 'sev', severity: 'sev2' });
    expect(parse('severity SEV-4')).toEqual({ name: 'sev', severity: 'sev4' });
    expect(parse('sev P3')).toEqual({ name: 'sev', severity: 'sev3' });
    expect(usageErrorOf('sev 5').message).toMatch(/not a severity/);
    expect(usageErrorOf('sev').subcommand).toBe('sev');
  });

  test('lead takes a Slack mention', () => {
    expect(parse('lead <@U024BE7LH|bob>')).toEqual({ name: 'lead', userId: 'U024BE7LH' });
    expect(parse('lead <@W0123>')).toEqual({ name: 'lead', userId: 'W0123' });
    expect(usageErrorOf('lead bob').message).toMatch(/Mention exactly one person/);
    expect(usageErrorOf('lead <@U1> <@U2>').subcommand).toBe('lead');
    expect(usageErrorOf('lead <!channel>').subcommand).toBe('lead');
    expect(usageErrorOf('lead').subcommand).toBe('lead');
  });

  test.each(['impact', 'cause', 'resolution'] as const)('%s', (field) => {
    expect(parse(`${field} 75% of users`)).toEqual({ name: field, text: '75% of users' });
    expect(usageErrorOf(field).subcommand).toBe(field);
  });

  test('fix and task', () => {
    expect(parse('fix add LB health checks')).toEqual({ name: 'fix', text: 'add LB health checks' });
    expect(parse('task update LB config <@U1|ann>')).toEqual({ name: 'task', text: 'update LB config', ownerId: 'U1' });
    expect(parse('task ask <@U1> about it')).toEqual({ name: 'task', text: 'ask <@U1> about it' });
    expect(usageErrorOf('task <@U1>').subcommand).toBe('task');
    expect(usageErrorOf('fix').subcommand).toBe('fix');
  });

  test('resolve takes only a time', () => {
    expect(parse('resolve')).toEqual({ name: 'resolve' });
    expect(parse('resolve 12:00')).toEqual({ name: 'resolve', at: new Date('2024-02-05T12:00:00Z') });
    expect(usageErrorOf('resolve rolled back').message).toMatch(/\/incident resolution rolled back/);
  });

  test.each(['ack', 'close', 'timeline', 'list'])('%s takes no arguments', (name) => {
    expect(parse(name)).toEqual({ name });
    expect(usageErrorOf(`${name} now please`).subcommand).toBe(name);
  });

  test('unknown subcommand', () => {
    const error = usageErrorOf('explode everything');
    expect(error.message).toBe('I don\'t know the subcommand "explode".');
    expect(error.subcommand).toBeUndefined();
  });
});

describe('what people from other tools type', () => {
  test.each([
    ['comment', /Did you mean `\/incident note <text>`\?/],
    ['open', /Did you mean `\/incident start <title>` to open an incident, or `\/incident list`/],
    ['new', /Did you mean `\/incident start <title>`\?/],
    ['ackk', /Did you mean `\/incident ack`\?/],
    ['resolv', /Did you mean `\/incident resolve`\?/],
  ])('"%s" gets a "did you mean"', (word, hint) => {
    const error = usageErrorOf(`${word} something`);
    expect(error.message).toMatch(/^I don't know the subcommand/);
    expect(error.message).toMatch(hint);
  });

  test('a word far from every subcommand gets no guess', () => {
    expect(usageErrorOf('frobnicate').message).toBe('I don\'t know the subcommand "frobnicate".');
  });

  test('declare is start', () => {
    expect(parse('declare sev2 DB down')).toEqual({ name: 'start', severity: 'sev2', title: 'DB down' });
  });

  test('`yesterday HH:MM` and `today HH:MM` are times, at the start', () => {
    expect(parse('declare sev2 yesterday 23:50 DB down')).toEqual({ name: 'start', severity: 'sev2', at: new Date('2024-02-04T23:50:00Z'), title: 'DB down' });
    expect(parse('note today 9:10 am failed over')).toEqual({ name: 'note', at: new Date('2024-02-05T09:10:00Z'), text: 'failed over' });
    expect(parse('note yesterday the deploy went fine')).toEqual({ name: 'note', text: 'yesterday the deploy went fine' });
    expect(usageErrorOf('note today 23:00 too late').message).toMatch(/today 23:00 is in the future/);
  });

  test('a time typed after the title is refused, not folded into it', () => {
    const error = usageErrorOf('declare sev2 DB down yesterday 23:50');
    expect(error.message).toBe('"yesterday 23:50" looks like when it started, but a time goes first: `/incident start sev2 yesterday 23:50 <title>`.');
    expect(error.subcommand).toBe('start');
  });

  test("a time that cannot be read is explained with its command's usage line, not the whole help", () => {
    expect(usageErrorOf('note 25:99 broke').subcommand).toBe('note');
    expect(usageErrorOf('resolve 10:61').subcommand).toBe('resolve');
    expect(usageErrorOf('start 2024-02-30 10:00 x').subcommand).toBe('start');
  });
});
