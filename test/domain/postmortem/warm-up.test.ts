import { POSTMORTEM_SLICE } from '../../../src/domain/postmortem/postmortem-data';
import { compilePostmortemTemplate, defaultPostmortemTemplate } from '../../../src/domain/postmortem/postmortem-template';
import { warmUpPostmortem } from '../../../src/domain/postmortem/warm-up';

describe('warmUpPostmortem', () => {
  test('compiles a whole postmortem with the template given: fixes, tasks, escaped notes, across midnight', () => {
    const markdown = warmUpPostmortem(defaultPostmortemTemplate, 'Europe/Berlin');
    expect(markdown).toContain('## Timeline');
    expect(markdown).toContain('- Fix 250: roll back api-5');
    expect(markdown).toContain('- Task 225');
    expect(markdown).toContain('Note 260: \\*bold\\* \\<p99\\>\\\n  \\- a second line'); // escaped, two lines
    expect(markdown).toContain('Feb 6, '); // dates show: it spans two days
  });

  test('renders through the operator’s template, with more entries than one slice of a sliced build', () => {
    const template = compilePostmortemTemplate('{{incident.title}}: {{timeline.length}} entries', 'test template');
    const [, count] = /^Warm-up: (\d+) entries$/.exec(warmUpPostmortem(template, 'UTC', '24h')) ?? [];
    expect(Number(count)).toBeGreaterThan(POSTMORTEM_SLICE);
  });
});
