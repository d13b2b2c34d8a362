// Drives the dashboard as a person would, in the system's headless Chromium:
//   node dashboard.js <base url> <user id> <user token> <admin token> <screenshot dir>
// 1. open the page, paste the user's token, connect: the venues table fills, the event stream goes live;
// 2. send a $100 BTC-USD buy from the page's form: its order appears in "Recent orders" and in the live flow,
//    and reaches "filled" without a reload (pushed by Server-Sent Events);
// 3. screenshot; then connect with the admin token and see that user's position among everyone's; screenshot.
// Prints one JSON line {order_id, status, ...} on success; exits 1 with the reason otherwise.
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');
const fs = require('fs');
const os = require('os');

const [base, userId, userToken, adminToken, outDir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nija-chromium-'));
  // A fresh profile (Playwright passes it to Chromium as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('pageerror', e => problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
    page.on('request', r => {
      const u = new URL(r.url());
      if (u.origin !== new URL(base).origin) problems.push('request outside the service (CDN?): ' + r.url());
    });

    await page.goto(base + '/');
    await page.fill('#token', userToken);
    await page.click('#use-token');
    await page.waitForSelector('#venues tr td:has-text("binance")', { timeout: 15000 });
    const venues = await page.locator('#venues tr').count();
    await page.waitForFunction(() => document.getElementById('conn').textContent === 'live', null, { timeout: 15000 });

    await page.fill('#s_size', '100');
    await page.click('#send');
    await page.waitForFunction(() => document.getElementById('s_result').dataset.orderIds, null, { timeout: 15000 });
    const orderId = (await page.getAttribute('#s_result', 'data-order-ids')).split(',')[0];
    const row = page.locator('#orders tr[data-order-id="' + orderId + '"]');
    await row.waitFor({ timeout: 15000 });
    await row.locator('.status:text-is("filled")').waitFor({ timeout: 30000 });
    const reason = (await row.locator('.reason').textContent()).trim();
    const flowItems = await page.locator('#flow li').allTextContents();
    if (!flowItems.some(t => t.includes('filled'))) problems.push('the live flow shows no filled event: ' + flowItems.join(' | '));
    if (!reason) problems.push('the order row shows no route reason');
    await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });

    // The admin sees every user's positions, this user's among them.
    await page.fill('#token', adminToken);
    await page.click('#use-token');
    await page.waitForSelector('#positions tr td:text-is("' + userId + '")', { timeout: 15000 });
    const positions = await page.locator('#positions tr').count();
    await page.screenshot({ path: path.join(outDir, 'dashboard-admin.png'), fullPage: true });

    if (problems.length) throw new Error(problems.join('\n'));
    console.log(JSON.stringify({ order_id: orderId, status: 'filled', venues, positions, route_reason: reason, flow: flowItems.length }));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch(e => { console.error('dashboard check failed: ' + (e && e.stack || e)); process.exit(1); });
