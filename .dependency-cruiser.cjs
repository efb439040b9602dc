/**
 * Layer rules (npm test runs them): the domain and the use cases stay free of Slack, Redis,
 * BullMQ, logging and HTTP; ports are interfaces over the domain; adapters do not reach into
 * each other. See docs/reliability.md for the flow they protect.
 */
const OUTSIDE_SYSTEMS = ['node_modules/(@slack/|ioredis/|bullmq/|pino/|prom-client/|ws/)', '^(node:)?(http|https|net)$'];
const ADAPTERS = '^src/(slack|store|queues|receivers|http|observability|lifecycle|config|postmortem-compiler)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the incident rules: no outside system, no adapter, no use case.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: [...OUTSIDE_SYSTEMS, ADAPTERS, '^src/(service|ports|commands)/', '^src/main\\.ts$'] },
    },
    {
      name: 'service-uses-ports',
      comment: 'src/service orchestrates the domain over ports; adapters are wired in src/main.ts.',
      severity: 'error',
      from: { path: '^src/service/' },
      to: { path: [...OUTSIDE_SYSTEMS, ADAPTERS, '^src/main\\.ts$'] },
    },
    {
      name: 'ports-are-interfaces',
      comment: 'src/ports speaks in domain terms only.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: [...OUTSIDE_SYSTEMS, ADAPTERS, '^src/service/', '^src/main\\.ts$'] },
    },
    {
      name: 'commands-are-pure',
      comment: 'src/commands parses what people type: no outside system, no adapter.',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: [...OUTSIDE_SYSTEMS, ADAPTERS, '^src/(service|ports)/', '^src/main\\.ts$'] },
    },
    {
      name: 'storage-does-not-know-slack',
      severity: 'error',
      from: { path: '^src/(store|queues)/' },
      to: { path: ['node_modules/@slack/', '^src/(slack|receivers)/'] },
    },
    {
      name: 'sandbox-stays-outside',
      comment: 'The sandbox plays Slack: it talks to Hotwash over HTTP as Slack does, never through its incident code.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(domain|service|slack|store|queues|alerts|trackers|commands|ports)/' },
    },
    {
      name: 'only-the-root-starts-the-sandbox',
      comment: 'Nothing in Hotwash knows it may be in a sandbox; the composition root chooses.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main[.]ts|sandbox/)' },
      to: { path: '^src/sandbox/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'src-does-not-import-tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(test|bench)/' } },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
