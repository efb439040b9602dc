/** Requests as Slack signs and sends them: shared with the sandbox, which delivers the same. */
export * from '../../src/sandbox/slack-requests';
