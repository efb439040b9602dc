// Takes docs/images/sandbox.png: the sandbox page mid-incident, while the demo plays.
// Run after `npm run build`: `node scripts/sandbox-screenshot.js` (needs Redis or redis-server,
// and Debian's chromium, or CHROMIUM_PATH).
const { join } = require('node:path');
const { chromium } = require('playwright-core');
const { startHotwash } = require('../dist/main.js');
const { startSandbox } = require('../dist/sandbox/sandbox.js');

async function main() {
  const sandbox = await startSandbox({ ...process.env, PORT: '0', SANDBOX_REDIS_PREFIX: 'hotwash-sandbox-screenshot', LOG_LEVEL: 'silent' }, startHotwash);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://localhost:${sandbox.port}/`);
    await page.selectOption('#who', 'UBOB');
    const demo = sandbox.demo(400);
    await page.locator('#channels li', { hasText: 'e-commerce' }).click({ timeout: 15_000 });
    // Mid-incident: acknowledged, noted, the finding captured, the status changed.
    await page.locator('.message', { hasText: 'changed the status from investigating to identified' }).last().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(__dirname, '..', 'docs', 'images', 'sandbox.png') });
    await demo;
  } finally {
    await browser.close();
    await sandbox.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
