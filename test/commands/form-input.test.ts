import { readDeclareForm, readNoteForm, readSummaryForm } from '../../src/commands/form-input';
import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../src/commands/parse-incident-command';

const clock = { now: new Date('2024-02-05T10:30:00Z'), timeZone: 'UTC' };

describe('readDeclareForm', () => {
  test('a filled form is a start command, with the impact on the side', () => {
    expect(readDeclareForm({ title: '  Checkout down ', severity: 'sev1', impact: 'EU customers cannot pay', started: '10:05' }, clock)).toEqual({
      ok: true,
      value: { command: { name: 'start', title: 'Checkout down', severity: 'sev1', at: new Date('2024-02-05T10:05:00Z') }, impact: 'EU customers cannot pay' },
    });
  });

  test('optional fields may stay empty; the severity defaults as the command does', () => {
    expect(readDeclareForm({ title: 'x', severity: null, impact: '', started: ' ' }, clock)).toEqual({
      ok: true,
      value: { command: { name: 'start', title: 'x', severity: 'sev3' } },
    });
  });

  test('every bad field is named, with the same rule the command applies', () => {
    const result = readDeclareForm({ title: 'x'.repeat(MAX_TITLE_LENGTH + 1), severity: 'sev9', started: 'yesterday-ish' }, clock);
    expect(result).toEqual({
      ok: false,
      errors: {
        title: expect.stringMatching(/limit is 150/),
        severity: 'Pick sev1 to sev4.',
        started: expect.stringMatching(/^"yesterday-ish" is not a time I understand\. Use HH:MM/),
      },
    });
    expect(readDeclareForm({ title: '   ' }, clock)).toEqual({ ok: false, errors: { title: 'What is happening? Give the incident a title.' } });
    expect(readDeclareForm({ title: 'x', started: '2024-02-06 10:00' }, clock)).toEqual({
      ok: false,
      errors: { started: expect.stringMatching(/is in the future/) },
    });
    expect(readDeclareForm({ title: 'x', started: '10:05 and more' }, clock)).toMatchObject({ ok: false, errors: { started: expect.any(String) } });
  });
});

describe('readNoteForm', () => {
  test('text and an optional time', () => {
    expect(readNoteForm({ text: 'restarted', time: '' }, clock)).toEqual({ ok: true, value: { name: 'note', text: 'restarted' } });
    expect(readNoteForm({ text: '10:00 is when it began', time: null }, clock)).toEqual({ ok: true, value: { name: 'note', text: '10:00 is when it began' } });
    expect(readNoteForm({ text: 'x', time: '9:58 am' }, clock)).toEqual({ ok: true, value: { name: 'note', text: 'x', at: new Date('2024-02-05T09:58:00Z') } });
  });

  test('an empty or over-long note is refused in the form', () => {
    expect(readNoteForm({ text: '' }, clock)).toEqual({ ok: false, errors: { text: 'What happened? Write the note.' } });
    expect(readNoteForm({ text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, clock)).toMatchObject({
      ok: false,
      errors: { text: expect.stringMatching(/limit is 3,000/) },
    });
  });
});

describe('readSummaryForm', () => {
  test('one command per field that was filled in and changed', () => {
    expect(readSummaryForm({ impact: 'EU checkout', cause: ' disk full ', resolution: '' }, { impact: 'EU checkout' })).toEqual({
      ok: true,
      value: [{ name: 'cause', text: 'disk full' }],
    });
  });

  test('an empty form says what to do', () => {
    expect(readSummaryForm({ impact: '', cause: null }, {})).toEqual({
      ok: false,
      errors: { impact: 'Fill in at least one of impact, root cause and resolution.' },
    });
  });
});
