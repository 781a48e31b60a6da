// `make bench`: what a first visit of the home page downloads, in Debian's Chromium with
// JavaScript, until the page is hydrated. Prints each response's encoded bytes (brotli
// where the browser and server agree on it) and fails if a lazy chunk was fetched or if the
// total passes the budget.
// Usage: node first-visit.mjs http://127.0.0.1:PORT BUDGET_BYTES
import { chromium } from 'playwright-core';

const base = process.argv[2];
const budget = Number(process.argv[3]);
if (!Number.isInteger(budget) || budget <= 0) {
  console.error('usage: node first-visit.mjs BASE_URL BUDGET_BYTES');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage({ locale: 'fr-FR' });
const responses = [];
page.on('requestfinished', async (request) => {
  const sizes = await request.sizes();
  responses.push({ path: new URL(request.url()).pathname, bytes: sizes.responseBodySize });
});
await page.goto(base + '/');
await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 20_000 });
await page.waitForLoadState('networkidle');
await browser.close();

let total = 0;
for (const r of responses) {
  total += r.bytes;
  console.log(`${String(r.bytes).padStart(10)}  ${r.path}`);
}
console.log(`${String(total).padStart(10)}  first visit of / (${responses.length} responses)`);
const chunks = responses.filter((r) => /\/pkg\/(split_|chunk_)/.test(r.path));
console.log(chunks.length === 0 ? 'lazy chunks fetched: none' : `lazy chunks fetched: ${chunks.map((c) => c.path).join(', ')}`);
const over = total > budget;
console.log(`budget: ${budget} bytes; ${over ? `OVER by ${total - budget}` : `${budget - total} to spare`}`);
process.exit(chunks.length === 0 && !over ? 0 : 1);
