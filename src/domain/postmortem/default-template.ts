/**
 * The default postmortem: the seed document's sections and headings, then Response Metrics.
 * Handlebars; every value is already Markdown-safe (see PostmortemData), so it is compiled
 * with `noEscape`. `POSTMORTEM_TEMPLATE` replaces it with a team's own.
 */
export const DEFAULT_POSTMORTEM_TEMPLATE = `# Postmortem: {{incident.title}}

## Issue Summary

- Duration: {{summary.duration}}
- Impact: {{summary.impact}}
- Root Cause: {{summary.rootCause}}

## Timeline

All times are in {{timeZone}}.

{{#each timeline}}
- {{when}}: {{text}}
{{/each}}

## Root Cause and Resolution

- Root Cause: {{summary.rootCause}}
- Resolution: {{summary.resolution}}

## Corrective and Preventative Measures

### Improvements/Fixes:

{{#each fixes}}
- {{text}}
{{else}}
- {{placeholders.fixes}}
{{/each}}

### Tasks to Address the Issue:

{{#each tasks}}
- {{text}}{{#if owner}} (owner: {{owner}}){{/if}}{{#if issue}} ({{issue}}){{/if}}
{{else}}
- {{placeholders.tasks}}
{{/each}}

## Response Metrics

- Severity: {{metrics.severity}}
- Lead: {{metrics.lead}}
{{#if metrics.roles}}
- Roles: {{metrics.roles}}
{{/if}}
- Responders: {{metrics.responders}}
- Time to declare: {{metrics.timeToDeclare}}
- Time to acknowledge: {{metrics.timeToAcknowledge}}
- Time to resolve: {{metrics.timeToResolve}}
- Escalation pages sent: {{metrics.escalationPages}}
- Timeline entries: {{metrics.timelineEntries}}
`;
