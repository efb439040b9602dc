import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { compilePostmortem } from '../../../src/domain/postmortem/compile-postmortem';
import { buildPostmortemData } from '../../../src/domain/postmortem/postmortem-data';
import { compilePostmortemTemplate, TemplateSyntaxError } from '../../../src/domain/postmortem/postmortem-template';
import { SLACK_POSTMORTEM_PLACEHOLDERS } from '../../../src/slack/messages/postmortem-placeholders';
import { expectGolden } from '../../support/golden';
import { IncidentScript } from '../../support/incident-script';

const names: Record<string, string> = { UALICE: 'Alice Ng', UBOB: 'Bob Ortiz', UCAROL: 'Carol' };
const nameOf = (id: string) => names[id];
// On the seed's 12-hour clock, as the golden files are.
const compile = (s: IncidentScript, timeZone = 'UTC') =>
  compilePostmortem({ incident: s.incident, entries: s.entries, timeZone, hourCycle: '12h', nameOf, placeholders: SLACK_POSTMORTEM_PLACEHOLDERS });
const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,3} /.test(line));
const md = new MarkdownIt({ html: true });

function tokensOf(markdown: string) {
  return md.parse(markdown, {});
}

describe('compilePostmortem', () => {
  test("has the seed's sections in the seed's order, then Response Metrics", () => {
    const seed = readFileSync(join(__dirname, '..', '..', 'fixtures', 'seed-postmortem.md'), 'utf8');
    const s = new IncidentScript({ title: 'x', severity: 'sev2', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') });
    const ours = headings(compile(s));
    expect(ours[0]).toBe('# Postmortem: x');
    expect(ours.slice(1, -1)).toEqual(headings(seed).slice(1));
    expect(ours.at(-1)).toBe('## Response Metrics');
  });

  test('an incident crossing midnight names both dates, and every entry carries its date', () => {
    const s = new IncidentScript({
      title: 'Night deploy broke login',
      severity: 'sev2',
      startedAt: new Date('2024-02-05T23:30:00Z'),
      declaredBy: 'UALICE',
      now: new Date('2024-02-05T23:40:00Z'),
    })
      .apply({ kind: 'note', text: 'Rolled back', at: new Date('2024-02-06T00:50:00Z') }, 'UBOB', '2024-02-06T00:55:00Z')
      .apply({ kind: 'resolve', at: new Date('2024-02-06T01:15:00Z') }, 'UBOB', '2024-02-06T01:20:00Z');
    const markdown = compile(s);
    expect(markdown).toContain(
      '- Duration: The outage occurred from 11:30 PM on February 5, 2024 to 1:15 AM on February 6, 2024 (UTC). It lasted 1 hour 45 minutes.',
    );
    expect(markdown).toContain('- Feb 5, 11:30 PM: The incident started\n');
    expect(markdown).toContain('- Feb 6, 12:50 AM: Bob Ortiz: Rolled back\n');
    expectGolden('midnight.md', markdown);
  });

  test('times are shown, and named, in the configured zone', () => {
    const s = new IncidentScript({
      title: 'EU checkout slow',
      severity: 'sev3',
      startedAt: new Date('2024-07-01T07:15:00Z'),
      declaredBy: 'UALICE',
      now: new Date('2024-07-01T07:20:00Z'),
    }).apply({ kind: 'resolve', at: new Date('2024-07-01T08:00:00Z') }, 'UALICE', '2024-07-01T08:01:00Z');
    const markdown = compile(s, 'America/Los_Angeles');
    expect(markdown).toContain('The outage occurred from 12:15 AM to 1:00 AM on July 1, 2024 (America/Los_Angeles). It lasted 45 minutes.');
    expect(markdown).toContain('- 12:20 AM: Alice Ng declared the incident (sev3): EU checkout slow');
    expectGolden('los-angeles.md', markdown);
  });

  test('a team in Europe/Berlin reads its own 24-hour clock: 00:14 stays 00:14', () => {
    const s = new IncidentScript({
      title: 'Nightly export stuck',
      severity: 'sev3',
      startedAt: new Date('2024-02-04T23:14:00Z'), // 00:14 in Berlin
      declaredBy: 'UALICE',
      now: new Date('2024-02-04T23:20:00Z'),
    }).apply({ kind: 'resolve', at: new Date('2024-02-05T00:02:00Z') }, 'UALICE', '2024-02-05T00:05:00Z');
    const markdown = compilePostmortem({ incident: s.incident, entries: s.entries, timeZone: 'Europe/Berlin', nameOf });
    expect(markdown).toContain('The outage occurred from 00:14 to 01:02 on February 5, 2024 (Europe/Berlin). It lasted 48 minutes.');
    expect(markdown).toContain('- 00:14: The incident started\n');
    expect(markdown).not.toMatch(/\b(AM|PM)\b/);
  });

  test('fields nobody filled in show what to write and which command records it', () => {
    const s = new IncidentScript({ title: 'Queue backlog', severity: 'sev4', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') });
    const markdown = compile(s);
    expect(markdown).not.toMatch(/undefined|null|NaN/);
    expect(markdown).not.toMatch(/^- ?[A-Za-z ]*:?\s*$/m); // no empty bullets
    expect(markdown).toContain('The outage began at 10:00 AM on February 5, 2024 (UTC) and is still ongoing.');
    for (const command of [
      '/incident impact <text>',
      '/incident cause <text>',
      '/incident resolution <text>',
      '/incident fix <text>',
      '/incident task <text> @owner',
    ]) {
      expect(markdown).toContain(`\`${command}\``);
    }
    expect(markdown).toContain('- Time to acknowledge: not acknowledged');
    expect(markdown).toContain('- Time to resolve: not resolved yet');
    expect(buildPostmortemData({ incident: s.incident, entries: s.entries, timeZone: 'UTC', nameOf }).missing).toEqual(['impact', 'root cause', 'resolution']);
    expectGolden('missing-fields.md', markdown);
  });

  test('hostile text stays inside its bullet and reads as typed', () => {
    // As Slack delivers it with should_escape: &, <, > escaped; mentions as tokens.
    const hostile =
      '# Not a heading\n\n## nor this\n- nor a list\n1. nor this\n> nor a quote\n```\ncode fence\n<script>alert(1)</script> *stars* _under_ [link](javascript:x) | pipe | &amp; <@UBOB|bob> <!channel>'
        .replace(/<script>/g, '&lt;script&gt;')
        .replace(/<\/script>/g, '&lt;/script&gt;');
    const s = new IncidentScript({
      title: '# &lt;b&gt;Title&lt;/b&gt; &amp; co',
      severity: 'sev2',
      declaredBy: 'UALICE',
      now: new Date('2024-02-05T10:00:00Z'),
    })
      .apply({ kind: 'note', text: hostile }, 'UBOB', '2024-02-05T10:05:00Z')
      .apply({ kind: 'summary', field: 'impact', text: '## impact\n- bullets' }, 'UBOB', '2024-02-05T10:06:00Z')
      .apply({ kind: 'summary', field: 'cause', text: '***\n===' }, 'UBOB', '2024-02-05T10:06:00Z')
      .apply({ kind: 'summary', field: 'resolution', text: '| a | b |\n|---|---|\n| 1 | 2 |' }, 'UBOB', '2024-02-05T10:06:00Z')
      .apply({ kind: 'fix', text: '---\nnot a rule' }, 'UBOB', '2024-02-05T10:07:00Z')
      .apply({ kind: 'task', text: '&lt;img src=x onerror=alert(1)&gt;', ownerId: 'UCAROL' }, 'UBOB', '2024-02-05T10:08:00Z');
    const markdown = compile(s);
    const tokens = tokensOf(markdown);

    // Structure: exactly our headings, no HTML, no code, no links, no quotes, no rules.
    const rendered = md.render(markdown);
    const headingTexts = [...rendered.matchAll(/<h[1-3]>(.*?)<\/h[1-3]>/g)].map((m) => m[1]);
    expect(headingTexts).toEqual([
      'Postmortem: # &lt;b&gt;Title&lt;/b&gt; &amp; co',
      'Issue Summary',
      'Timeline',
      'Root Cause and Resolution',
      'Corrective and Preventative Measures',
      'Improvements/Fixes:',
      'Tasks to Address the Issue:',
      'Response Metrics',
    ]);
    const types = new Set(tokens.flatMap((t) => [t.type, ...(t.children ?? []).map((c) => c.type)]));
    for (const forbidden of [
      'html_block',
      'html_inline',
      'fence',
      'code_block',
      'code_inline',
      'link_open',
      'blockquote_open',
      'hr',
      'em_open',
      'strong_open',
      'ordered_list_open',
      'table_open',
    ]) {
      expect([forbidden, types.has(forbidden)]).toEqual([forbidden, false]);
    }

    // The note is one list item whose text is what the person typed.
    expect(rendered).toContain(
      '10:05 AM: Bob Ortiz: # Not a heading<br>\n## nor this<br>\n- nor a list<br>\n1. nor this<br>\n&gt; nor a quote<br>\n```<br>\ncode fence<br>\n' +
        '&lt;script&gt;alert(1)&lt;/script&gt; *stars* _under_ [link](javascript:x) | pipe | &amp; @Bob Ortiz @channel',
    );
    expectGolden('hostile-text.md', markdown);
  });

  test('an entry backdated before the declared start moves the start back', () => {
    const s = new IncidentScript({
      title: 'x',
      severity: 'sev2',
      startedAt: new Date('2024-02-05T10:00:00Z'),
      declaredBy: 'UALICE',
      now: new Date('2024-02-05T10:10:00Z'),
    })
      .apply({ kind: 'note', text: 'first alert', at: new Date('2024-02-05T09:40:00Z') }, 'UBOB', '2024-02-05T10:11:00Z')
      .apply({ kind: 'resolve', at: new Date('2024-02-05T10:40:00Z') }, 'UBOB', '2024-02-05T10:41:00Z');
    const markdown = compile(s);
    expect(markdown).toContain('from 9:40 AM to 10:40 AM on February 5, 2024 (UTC). It lasted 1 hour.');
    expect(markdown).toContain('- Time to declare: 30 minutes (from start to declaration)');
    expect(markdown.indexOf('9:40 AM: first alert')).toBeLessThan(markdown.indexOf('10:00 AM: The incident started'));
  });

  test('a captured message sits in the timeline at its own time, under its author', () => {
    const s = new IncidentScript({ title: 'x', severity: 'sev2', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') })
      .apply({ kind: 'note', text: 'later note' }, 'UBOB', '2024-02-05T10:20:00Z')
      .apply(
        { kind: 'capture', message: { ts: '1707127500.000100', text: 'the disk is *full*', authorId: 'UCAROL', at: new Date('2024-02-05T10:05:00Z') } },
        'UBOB',
        '2024-02-05T10:30:00Z',
      );
    const timeline = compile(s).split('## Timeline')[1]!.split('\n## ')[0]!;
    expect(timeline.indexOf('10:05')).toBeLessThan(timeline.indexOf('later note'));
    expect(timeline).toContain('- 10:05 AM: Carol wrote: the disk is \\*full\\*');
  });

  test('metrics come from the timeline', () => {
    const s = new IncidentScript({
      title: 'x',
      severity: 'sev3',
      startedAt: new Date('2024-02-05T10:00:00Z'),
      declaredBy: 'UALICE',
      now: new Date('2024-02-05T10:05:00Z'),
    })
      .apply({ kind: 'severity', severity: 'sev1' }, 'UALICE', '2024-02-05T10:06:00Z')
      .apply({ kind: 'ack' }, 'UCAROL', '2024-02-05T10:17:00Z')
      .apply({ kind: 'lead', userId: 'UBOB' }, 'UALICE', '2024-02-05T10:20:00Z')
      .apply({ kind: 'lead', userId: 'UCAROL' }, 'UBOB', '2024-02-05T10:30:00Z')
      .apply({ kind: 'resolve' }, 'UCAROL', '2024-02-05T11:25:00Z');
    s.entries.push({
      kind: 'page',
      level: 1,
      targets: ['S0ONCALL'],
      trigger: 'timer',
      seq: 99,
      at: new Date('2024-02-05T10:05:00Z'),
      recordedAt: new Date('2024-02-05T10:05:00Z'),
      authorId: 'UHOTWASH',
    });
    const { metrics } = buildPostmortemData({ incident: s.incident, entries: s.entries, timeZone: 'UTC', nameOf });
    expect(metrics).toEqual({
      severity: 'sev1 (declared as sev3)',
      lead: 'Alice Ng, then Bob Ortiz, then Carol',
      roles: '',
      responders: 'Alice Ng, Carol, Bob Ortiz',
      timeToDeclare: '5 minutes (from start to declaration)',
      timeToAcknowledge: '12 minutes (from declaration, by Carol)',
      timeToResolve: '1 hour 25 minutes (from start)',
      escalationPages: 1,
      timelineEntries: 8,
    });
  });

  test('unknown people are shown by ID', () => {
    const s = new IncidentScript({ title: 'x', severity: 'sev3', declaredBy: 'UNOBODY', now: new Date('2024-02-05T10:00:00Z') });
    expect(compile(s)).toContain('- 10:00 AM: UNOBODY declared the incident (sev3): x');
  });

  test('the same incident gives the same bytes, whatever order its entries come in', () => {
    const s = new IncidentScript({ title: 'x', severity: 'sev3', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') })
      .apply({ kind: 'note', text: 'a' }, 'UBOB', '2024-02-05T10:01:00Z')
      .apply({ kind: 'note', text: 'b', at: new Date('2024-02-05T10:01:00Z') }, 'UBOB', '2024-02-05T10:02:00Z')
      .apply({ kind: 'fix', text: 'f1' }, 'UBOB', '2024-02-05T10:03:00Z')
      .apply({ kind: 'fix', text: 'f2' }, 'UBOB', '2024-02-05T10:04:00Z');
    const once = compile(s);
    const reversed = compilePostmortem({
      incident: s.incident,
      entries: [...s.entries].reverse(),
      timeZone: 'UTC',
      hourCycle: '12h',
      nameOf,
      placeholders: SLACK_POSTMORTEM_PLACEHOLDERS,
    });
    expect(reversed).toBe(once);
    expect(once.indexOf('- f1')).toBeLessThan(once.indexOf('- f2'));
  });
});

describe('postmortem templates', () => {
  const s = new IncidentScript({ title: 'DB down', severity: 'sev2', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') }).apply(
    { kind: 'task', text: 'Add replica', ownerId: 'UBOB' },
    'UALICE',
    '2024-02-05T10:05:00Z',
  );

  test('a team template replaces the default and sees the documented data', () => {
    const template = compilePostmortemTemplate(
      '# {{incident.title}} ({{incident.severity}}, {{timeZone}})\n{{#each tasks}}* [ ] {{text}} ({{owner}})\n{{/each}}{{summary.duration}}\n',
      'house.hbs',
    );
    expect(compilePostmortem({ incident: s.incident, entries: s.entries, timeZone: 'UTC', hourCycle: '12h', nameOf }, template)).toBe(
      '# DB down (sev2, UTC)\n* [ ] Add replica (Bob Ortiz)\nThe outage began at 10:00 AM on February 5, 2024 (UTC) and is still ongoing.\n',
    );
  });

  test("docs/postmortem.md's example template works", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'postmortem.md'), 'utf8');
    const example = /```handlebars\n([\s\S]*?)```/.exec(readme)![1]!;
    const output = compilePostmortem(
      { incident: s.incident, entries: s.entries, timeZone: 'UTC', hourCycle: '12h', nameOf },
      compilePostmortemTemplate(example, 'README'),
    );
    expect(output).toContain('# DB down (sev2)');
    expect(output).toContain('**Lead:** Alice Ng · **Duration:** ongoing');
    expect(output).toContain('- **10:00 AM** Alice Ng declared the incident (sev2): DB down');
    expect(output).toContain('- [ ] Add replica (Bob Ortiz)');
  });

  test.each([
    ['line 3: unclosed block', 'ok\n\n{{#each timeline}}\n- {{text}}\n', /^house\.hbs(:\d+)?: /],
    ['mismatched block', '# {{incident.title}}\n{{#each tasks}}\n{{/if}}\n', /^house\.hbs:2: each doesn't match if/],
    ['broken mustache', '# x\n\n{{ incident.title\n', /^house\.hbs:3: parse error/],
  ])('a template that does not parse is refused, naming the file and line (%s)', (_, text, message) => {
    let error: unknown;
    try {
      compilePostmortemTemplate(text, 'house.hbs');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as Error).message).toMatch(message);
  });
});
