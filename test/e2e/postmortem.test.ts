import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectGolden } from '../support/golden';
import { ManualClock } from '../support/manual-clock';
import { TestApp } from '../support/test-app';

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const seed = readFileSync(join(__dirname, '..', 'fixtures', 'seed-postmortem.md'), 'utf8');
const bullets = (markdown: string, heading: string) => {
  const section = markdown.split(/^#{2,3} /m).find((part) => part.startsWith(heading)) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2));
};
const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,3} /.test(line));

function addPeople(app: TestApp) {
  app.slack.addUser({ id: 'UALICE', name: 'alice', realName: 'Alice Ng', displayName: 'Alice' });
  app.slack.addUser({ id: 'UBOB', name: 'bob', realName: 'Bob Ortiz' });
  app.slack.addUser({ id: 'UDANA', name: 'dana', realName: 'Dana Park', displayName: 'Dana (DevOps)' });
}

/** The seed postmortem's incident, worked through real commands as a team would have typed them. */
describe("replaying the seed's incident", () => {
  const clock = new ManualClock('2024-02-05T10:03:00Z');
  let app: TestApp;
  let channel: string;
  let markdown: string;

  beforeAll(async () => {
    app = await TestApp.start({ clock: clock.now, hourCycle: '12h' }); // the seed's clock
    addPeople(app);
    channel = await app.declare('sev1 10:00 E-commerce platform outage');
    const run = async (at: string, typed: string, user = 'UALICE') => {
      clock.set(`2024-02-05T${at}:00Z`);
      const reply = await app.commandInChannel(typed, channel, user);
      // Bookkeeping is confirmed to its author alone; everything else is posted, with no reply.
      if (/^(impact|cause|resolution|fix|task) /.test(typed)) expect(reply).toMatch(/^:white_check_mark: .* recorded for the postmortem/);
      else expect(reply).toBeUndefined();
    };
    await run('10:03', 'note 10:00 The issue was detected when monitoring alerts indicated a sudden increase in server response times.');
    await run('10:05', 'note Engineers noticed multiple error reports from users attempting to access the e-commerce platform.', 'UBOB');
    await run('10:07', 'ack', 'UBOB');
    await run('10:12', 'note 10:10 Initial investigation focused on the database servers due to high CPU and memory usage.', 'UBOB');
    await run('10:30', 'note Assumption was made that a database query bottleneck was causing the slowdown.', 'UBOB');
    await run('10:45', 'note Misleading investigation paths included optimizing database queries and increasing server capacity.');
    await run('11:00', 'note Incident was escalated to the DevOps team for further investigation.');
    await run('11:01', 'lead @UDANA');
    await run('11:30', 'note DevOps team identified the misconfiguration in the load balancer settings as the root cause.', 'UDANA');
    await run('11:31', 'status identified', 'UDANA');
    await run('12:05', 'note 12:00 Incident was resolved by correcting the load balancer configuration and restarting affected services.', 'UDANA');
    await run('12:06', 'resolve 12:00', 'UDANA');
    await run(
      '12:10',
      "impact The service impacted was the company's e-commerce platform, which experienced complete downtime during the outage. Users attempting to access the platform encountered error messages or unresponsive pages. Approximately 75% of the users were affected.",
    );
    await run(
      '12:11',
      'cause The misconfiguration in the load balancer settings caused an imbalance in traffic distribution, leading to an overload on specific database servers.',
      'UDANA',
    );
    await run(
      '12:12',
      'resolution The load balancer configuration was corrected to evenly distribute traffic among all database servers. Additionally, database connection pooling was implemented to optimize resource utilization during peak loads.',
      'UDANA',
    );
    for (const fix of bullets(seed, 'Improvements/Fixes:')) await run('12:15', `fix ${fix}`);
    for (const task of bullets(seed, 'Tasks to Address the Issue:')) await run('12:20', `task ${task}`, 'UDANA');
    clock.set('2024-02-05T12:30:00Z');
    await app.command('close', { channel, user: 'UDANA' });
    const [file] = await app.slack.waitFor(() => (app.slack.filesIn(channel).length ? app.slack.filesIn(channel) : undefined), 'the postmortem file');
    markdown = file!.content!;
  });
  afterAll(() => app.stop());

  test('close posts the draft in the channel as a Markdown file with a short message', () => {
    const [file] = app.slack.filesIn(channel);
    expect(file).toMatchObject({ filename: 'postmortem-inc-20240205-e-commerce-platform-outage.md', title: 'Postmortem draft: incident #1' });
    expect(file!.initialComment).toBe(
      ':memo: Postmortem draft for incident #1: *E-commerce platform outage*. The outage lasted 2 hours.\n' +
        'Every summary field is filled in.\nRegenerate it any time with `/incident postmortem`.',
    );
    expect(app.slack.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: file!.filename, length: String(Buffer.byteLength(markdown)) });
  });

  test("has the seed's structure", () => {
    expect(headings(markdown)[0]).toBe('# Postmortem: E-commerce platform outage');
    expect(headings(markdown).slice(1, -1)).toEqual(headings(seed).slice(1));
  });

  test("states every one of the seed's facts", () => {
    expect(markdown).toContain('- Duration: The outage occurred from 10:00 AM to 12:00 PM on February 5, 2024 (UTC). It lasted 2 hours.\n');
    // Each of the seed's timeline facts, at its time, now with who recorded it.
    for (const line of seed.split('\n').filter((l) => /^- \d{1,2}:\d{2} [AP]M: /.test(l))) {
      const [, when, fact] = /^(- \d{1,2}:\d{2} [AP]M): (.*)$/.exec(line)!;
      expect(markdown.split('\n')).toContainEqual(
        expect.stringMatching(new RegExp(`^${literal(when!)}: (Alice|Bob Ortiz|Dana \\(DevOps\\)): ${literal(fact!)}$`)),
      );
    }
    for (const heading of ['Improvements/Fixes:', 'Tasks to Address the Issue:']) {
      expect(bullets(markdown, heading)).toEqual(bullets(seed, heading));
    }
    expect(markdown).toContain(`- Impact: ${bullets(seed, 'Issue Summary')[1]!.replace(/^Impact: /, '')}\n`);
    for (const fact of ['misconfiguration in the load balancer settings', 'overload on', 'database servers']) {
      expect(bullets(markdown, 'Issue Summary')[2]).toContain(fact);
    }
    expect(markdown).toContain(`- ${bullets(seed, 'Root Cause and Resolution')[1]}\n`); // Resolution
  });

  test('automatic entries read as sentences with names; metrics come from the timeline', () => {
    expect(markdown).toContain('- 10:03 AM: Alice declared the incident (sev1): E-commerce platform outage\n');
    expect(markdown).toContain('- 10:07 AM: Bob Ortiz acknowledged the incident\n');
    expect(markdown).toContain('- 11:01 AM: Alice handed the lead from Alice to Dana (DevOps)\n');
    expect(markdown).toContain('- Time to acknowledge: 4 minutes (from declaration, by Bob Ortiz)\n');
    expect(markdown).toContain('- Time to resolve: 2 hours (from start)\n');
    expect(markdown).toContain('- Lead: Alice, then Dana (DevOps)\n');
    expect(markdown).toContain('- Responders: Alice, Bob Ortiz, Dana (DevOps)\n');
    expect(app.slack.callsTo('users.info').length).toBeLessThanOrEqual(3); // cached
    expectGolden('seed-replay.md', markdown);
  });

  test('the draft is kept in Redis with the incident', async () => {
    const id = (await app.stored(channel)).incident.id;
    const stored = await app.redis.hgetall(`${app.config.redisPrefix}:incident:${id}:postmortem`);
    expect(stored).toEqual({ markdown, generatedAt: '2024-02-05T12:30:00.000Z' });
  });

  test('regenerating gives the same bytes', async () => {
    await app.command('postmortem', { channel });
    const files = await app.slack.waitFor(() => (app.slack.filesIn(channel).length === 2 ? app.slack.filesIn(channel) : undefined), 'a second file');
    expect(files[1]!.content).toBe(markdown);
  });
});

describe('/incident postmortem and close, around the edges', () => {
  const clock = new ManualClock('2024-02-05T09:00:00Z');
  let app: TestApp;
  let channel: string;
  beforeEach(async () => {
    app = await TestApp.start({ clock: clock.now, hourCycle: '12h' }); // the seed's clock
    addPeople(app);
    clock.set('2024-02-05T09:00:00Z');
    channel = await app.declare('Search is slow');
  });
  afterEach(() => app.stop());

  const filesIn = (count: number) =>
    app.slack.waitFor(() => (app.slack.filesIn(channel).length >= count ? app.slack.filesIn(channel) : undefined), `${count} file(s)`);

  test('a draft any time, without closing; the comment says what is missing', async () => {
    clock.set('2024-02-05T09:20:00Z');
    await app.commandInChannel('impact search results took 10 s', channel);
    await app.command('postmortem', { channel });
    const [file] = await filesIn(1);
    expect(file!.initialComment).toBe(
      ':memo: Postmortem draft for incident #1: *Search is slow*. The outage is still ongoing.\n' +
        'Still missing: root cause, resolution. Record them with `/incident cause <text>`, `/incident resolution <text>`.\n' +
        'Regenerate it any time with `/incident postmortem`.',
    );
    expect(file!.content).toContain('- Duration: The outage began at 9:00 AM on February 5, 2024 (UTC) and is still ongoing.');
    expect((await app.stored(channel)).incident.closedAt).toBeUndefined();
  });

  test('after close the postmortem fields can be completed and the draft regenerated; operations cannot', async () => {
    clock.set('2024-02-05T10:00:00Z');
    await app.command('close', { channel });
    await filesIn(1);
    expect(await app.commandInChannel('cause an unindexed query', channel)).toMatch(/^:white_check_mark: Root cause recorded/);
    expect(await app.commandReply('note more', { channel })).toMatch(/This incident is closed.*`\/incident postmortem` regenerates/);
    await app.command('postmortem', { channel });
    const files = await filesIn(2);
    expect(files[1]!.content).toContain('- Root Cause: an unindexed query');
    expect(files[1]!.initialComment).toContain('Still missing: impact, resolution.');
  });

  test('a failed upload at close is explained; the incident is closed and the draft kept; postmortem retries', async () => {
    app.slack.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const reply = await app.commandReply('close', { channel });
    expect(reply).toBe(
      ':warning: The incident is closed, but its postmortem draft could not be posted: Slack refused `files.uploadV2` with `not_in_channel`. ' +
        'Invite Hotwash to the channel (`/invite @Hotwash`) and try again. Then run `/incident postmortem`.',
    );
    const { incident } = await app.stored(channel);
    expect(incident.closedAt).toBeDefined();
    expect(await app.redis.hget(`${app.config.redisPrefix}:incident:${incident.id}:postmortem`, 'markdown')).toMatch(/^# Postmortem: Search is slow/);
    await app.command('postmortem', { channel });
    expect((await filesIn(1))[0]!.content).toMatch(/^# Postmortem: Search is slow/);
  });

  test('names that cannot be looked up fall back to IDs', async () => {
    app.slack.users.clear();
    await app.command('postmortem', { channel });
    expect((await filesIn(1))[0]!.content).toContain('- 9:00 AM: UALICE declared the incident (sev3): Search is slow');
  });

  test('postmortem outside an incident channel explains and posts nothing', async () => {
    expect(await app.commandReply('postmortem', { channel: 'CRANDOM' })).toMatch(/^This channel is not an incident channel/);
    expect(app.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});

describe('who is named', () => {
  test('typed notes keep their author; paged user groups show as their @handle', async () => {
    const app = await TestApp.start({
      escalationPolicy: 'severities:\n  sev1:\n    levels:\n      - notify: [S0ONCALL, UCAROL]\n        escalate_after: 10m\n',
    });
    try {
      addPeople(app);
      app.slack.userGroups.set('S0ONCALL', ['UBOB']);
      app.slack.userGroupHandles.set('S0ONCALL', 'oncall');
      const channel = await app.declare('sev1 Checkout down');
      await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => /Paging level 1/.test(m.text)) || undefined, 'the page');
      await app.commandInChannel('note restarted the primary', channel, 'UBOB');
      await app.command('postmortem', { channel });
      const [file] = await app.slack.waitFor(() => (app.slack.filesIn(channel).length ? app.slack.filesIn(channel) : undefined), 'the draft');
      expect(file!.content).toMatch(/: Paged level 1: @oncall, UCAROL\n/); // Carol is not in the directory: her ID stays
      expect(file!.content).toMatch(/: Bob Ortiz: restarted the primary\n/);
    } finally {
      await app.stop();
    }
  });
});

describe('POSTMORTEM_TEMPLATE', () => {
  test("a team's template replaces the default", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotwash-template-'));
    const path = join(dir, 'house.md.hbs');
    writeFileSync(path, '# {{incident.title}} [{{incident.severity}}]\n\n{{#each timeline}}* {{time}} {{text}}\n{{/each}}');
    const clock = new ManualClock('2024-02-05T09:00:00Z');
    const app = await TestApp.start({ clock: clock.now, postmortemTemplatePath: path, hourCycle: '12h' });
    try {
      const channel = await app.declare('sev2 Login fails');
      await app.command('postmortem', { channel });
      const [file] = await app.slack.waitFor(() => (app.slack.filesIn(channel).length ? app.slack.filesIn(channel) : undefined), 'the file');
      expect(file!.content).toBe('# Login fails [sev2]\n\n* 9:00 AM UALICE declared the incident (sev2): Login fails\n');
    } finally {
      await app.stop();
    }
  });
});
