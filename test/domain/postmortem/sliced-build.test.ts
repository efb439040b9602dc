import { buildPostmortemData, POSTMORTEM_SLICE, postmortemDataInSlices } from '../../../src/domain/postmortem/postmortem-data';
import { longIncident } from '../../support/long-incident';

test('a long postmortem built in slices pauses between slices and gives what the one-go build gives', () => {
  const input = { ...longIncident(2_500), timeZone: 'Europe/Berlin', nameOf: () => undefined };
  const steps = postmortemDataInSlices(input);
  let pauses = 0;
  let step = steps.next();
  while (!step.done) {
    pauses += 1;
    step = steps.next();
  }
  expect(pauses).toBe(Math.ceil(step.value.timeline.length / POSTMORTEM_SLICE) - 1);
  expect(step.value).toEqual(buildPostmortemData(input));
});
