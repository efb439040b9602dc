import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startHotwash } from '../../src/main';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox';
import { forgetPrefix, testRedisUrl, uniquePrefix } from '../support/redis';

/** Debian's chromium (installed by .ci/run); CHROMIUM_PATH points elsewhere. Nothing downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The sandbox page in a real browser: a person runs a whole incident with the mouse and keyboard,
 * against Hotwash itself (the real HTTP endpoint, signed requests, real Redis).
 */
describe('the sandbox page, in headless Chromium', () => {
  let sandbox: Sandbox;
  const prefix = uniquePrefix('sandbox');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`These tests drive Chromium, and there is none at ${CHROMIUM}. Install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`);
    }
    sandbox = await startSandbox({ PORT: '0', REDIS_URL: testRedisUrl(), SANDBOX_REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' }, startHotwash);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`http://localhost:${sandbox.port}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await forgetPrefix(prefix);
  });

  const send = async (text: string) => {
    await page.fill('#compose', text);
    await page.press('#compose', 'Enter');
  };
  const messages = (on: Page) => on.locator('#messages .message');

  test('a person declares with the form, notes, acknowledges, changes the status, captures with 📌, closes and reads the postmortem', async () => {
    await page.locator('#channel-name', { hasText: 'general' }).last().waitFor();

    // Declare with the form; a bad time is refused next to its field, and nothing is declared.
    await send('/incident start');
    await page.locator('#modal form').waitFor();
    await page.fill('#field-title', 'Checkout returns 500s');
    await page.selectOption('#field-severity', 'sev2');
    await page.fill('#field-started', 'sometime');
    await page.click('#modal-submit');
    await page.locator('[data-error-for="started"]', { hasText: /./ }).last().waitFor();
    expect(await page.locator('#channels li').count()).toBe(2);
    await page.fill('#field-started', '');
    await page.click('#modal-submit');
    await page.locator('#modal').waitFor({ state: 'hidden' });

    // The new incident channel appears live, and the page moves to it.
    await page.locator('#channel-name', { hasText: 'checkout-returns-500s' }).waitFor({ timeout: 15_000 });
    await page.locator('#pins .pin', { hasText: 'Checkout returns 500s' }).last().waitFor();

    await send('/incident note Error rate at 40% on the payment API');
    await messages(page).filter({ hasText: 'Error rate at 40% on the payment API' }).last().waitFor();

    // Bob (the user switcher) acknowledges with the summary's button.
    await page.selectOption('#who', 'UBOB');
    await page.locator('.message button[data-action-id="incident_acknowledge"]').first().click();
    await messages(page).filter({ hasText: 'Bob Ortiz acknowledged the incident' }).last().waitFor();

    await page.locator('.message select[data-action-id="incident_status"]').first().selectOption('identified');
    await messages(page).filter({ hasText: 'changed the status from investigating to identified' }).last().waitFor();

    // Carol writes a plain message; Bob captures it into the timeline with 📌.
    await page.selectOption('#who', 'UCAROL');
    await send('Rolled back deploy 42 & the errors stopped');
    const finding = messages(page).filter({ has: page.locator('.who', { hasText: 'Carol Diaz' }), hasText: 'Rolled back deploy 42' });
    await finding.waitFor();
    await page.selectOption('#who', 'UBOB');
    await finding.hover();
    await finding.locator('.tools button', { hasText: '📌' }).click();
    await page.locator('#ephemeral .reply', { hasText: "Carol Diaz's message to the timeline" }).last().waitFor();

    // Only Carol may edit her message; the captured entry follows her edit.
    expect(await finding.locator('.tools button', { hasText: 'Edit' }).count()).toBe(0);
    await page.selectOption('#who', 'UCAROL');
    page.once('dialog', (dialog) => void dialog.accept('Rolled back deploy 42 & the errors stopped at 10:41'));
    await finding.hover();
    await finding.locator('.tools button', { hasText: 'Edit' }).click();
    await messages(page).filter({ hasText: 'the errors stopped at 10:41' }).first().waitFor();

    // A message of her own she thinks better of: deleted, gone from the channel.
    await send('wrong channel, sorry');
    const mistake = messages(page).filter({ hasText: 'wrong channel, sorry' });
    await mistake.waitFor();
    await mistake.hover();
    await mistake.locator('.tools button', { hasText: 'Delete' }).click();
    await mistake.waitFor({ state: 'detached' });

    await send('/incident close');
    const file = page.locator('.file', { hasText: 'Postmortem draft' });
    await file.waitFor({ timeout: 15_000 });
    await file.locator('.open-file').click();
    const doc = file.locator('.doc');
    await doc.locator('h1', { hasText: 'Postmortem: Checkout returns 500s' }).last().waitFor();
    expect(await doc.textContent()).toContain('Error rate at 40% on the payment API');
    expect(await doc.textContent()).toContain('Rolled back deploy 42 & the errors stopped at 10:41');
    expect(await file.locator('a[download]').getAttribute('href')).toMatch(/^\/sandbox\/files\/F\w+\?download$/);
  }, 90_000);

  test('the demo plays the seed incident through real commands and ends with its postmortem on the page', async () => {
    await sandbox.demo(0);
    await page.selectOption('#who', 'UDAVE');
    await page.locator('#channels li', { hasText: 'e-commerce-platform-down' }).click();
    const file = page.locator('.file', { hasText: 'Postmortem draft' });
    await file.waitFor();
    await file.locator('.open-file').click();
    // The page fetches the file when it is opened: wait for it to be rendered before reading it.
    await file.locator('.doc h1').first().waitFor();
    const text = await file.locator('.doc').textContent();
    expect(text).toContain('The outage occurred from 10:00 to 12:00 on February 5, 2024 (UTC)');
    expect(text).toContain('about 75% of users were affected');
    expect(text).toContain('pool weights 100/0/0');
    expect(text).toContain('Implement database connection pooling (owner: Bob Ortiz)');

    // Anything new in the workspace draws it again; the draft the person opened stays open.
    await send('reading the draft now');
    await messages(page).filter({ hasText: 'reading the draft now' }).waitFor();
    expect(await file.locator('.doc').isVisible()).toBe(true);
    expect(await file.locator('.doc').textContent()).toContain('about 75% of users were affected');
    expect(await file.locator('.open-file').textContent()).toBe('Hide');
  }, 60_000);

  test('the page moves to a channel its person joins just after declaring, even when the channel showed before they were invited', async () => {
    await page.selectOption('#who', 'UALICE');
    await page.locator('#channels li', { hasText: 'general' }).click();
    // The order the stand-in may report under load: a public channel is created (visible to all),
    // the page draws, then the declarer is invited. Drawn here with the page's own state and render().
    const current = await page.evaluate(`(() => {
      const fresh = { id: 'CJUSTMADE', name: 'inc-just-made', topic: '', private: false, archived: false, member: false };
      view.askedAt = Date.now();
      view.data = { ...view.data, channels: [...view.data.channels, fresh] };
      render();
      const before = view.current;
      view.data = { ...view.data, channels: view.data.channels.map((c) => (c.id === fresh.id ? { ...c, member: true } : c)) };
      render();
      return { before, after: view.current };
    })()`);
    expect(current).toEqual({ before: 'CGENERAL', after: 'CJUSTMADE' });
  }, 30_000);
});
