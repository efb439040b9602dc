import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { USAGE } from '../../src/commands/usage';

const root = join(__dirname, '..', '..');
const schemaDir = join(root, 'test', 'fixtures', 'slack-manifest-schema');
const readJson = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML of a shape this test checks field by field (and validates against Slack's schema).
const manifest = parse(readFileSync(join(root, 'manifests', 'slack-app.yaml'), 'utf8')) as Record<string, any>;

// The top-level schema refers to the versioned ones by URL; serve them from the local copies.
const VERSIONED = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';

function validator() {
  // strict: false because Slack's schema carries keywords Ajv does not know (descriptions aside).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(readJson('manifest.schema.1.0.0.json'), `${VERSIONED}/manifest.schema.1.0.0.json`);
  ajv.addSchema(readJson('manifest.schema.2.0.0.json'), `${VERSIONED}/manifest.schema.2.0.0.json`);
  return ajv.compile(readJson('manifest.schema.json'));
}

describe('manifests/slack-app.yaml', () => {
  test("is valid against Slack's published manifest schema", () => {
    const validate = validator();
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('the validator does catch a broken manifest', () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = 'incident'; // must start with /
    delete broken.display_information;
    expect(validate(broken)).toBe(false);
  });

  test('/incident escapes input and every endpoint is /slack/events', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/incident', should_escape: true });
    for (const url of [command.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
      expect(new URL(url).pathname).toBe('/slack/events');
    }
  });

  test('asks for exactly the bot scopes Hotwash uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'channels:history',
      'channels:manage',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'groups:history',
      'groups:read',
      'groups:write',
      'pins:write',
      'reactions:read',
      'usergroups:read',
      'users:read',
      'users:read.email',
    ]);
  });

  test('subscribes to exactly the events Hotwash listens for', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['message.channels', 'message.groups', 'reaction_added', 'reaction_removed']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  test('the usage hint names only subcommands that exist', () => {
    const hinted = String(manifest.features.slash_commands[0].usage_hint)
      .split('·')
      .map((part) => part.trim().split(' ')[0]!);
    for (const name of hinted) expect(Object.keys(USAGE)).toContain(name);
  });
});
