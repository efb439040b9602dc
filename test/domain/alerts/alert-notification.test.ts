import { severityOfAlert } from '../../../src/domain/alerts/alert-notification';

describe('severityOfAlert', () => {
  test.each([
    ['critical', 'sev1'],
    ['error', 'sev2'],
    ['warning', 'sev3'],
    ['info', 'sev4'],
    ['P1', 'sev1'],
    ['sev2', 'sev2'],
    ['SEV-4', 'sev4'],
    ['page', 'sev3'],
    [undefined, 'sev3'],
  ])('%s is %s', (given, severity) => {
    expect(severityOfAlert(given)).toBe(severity);
  });
});
