'use strict';
// Opinion maps in the browser: an anonymous visitor votes on the demo map
// without JavaScript and with it, changes a vote on "Meine Stimmen", adds a
// statement (first too long), and reads the map of opinion groups with its
// text equivalent. axe-core (WCAG 2.1 A/AA) runs on every page state;
// screenshots at 1280 and 320 px go to test-results/.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, screenshot } = require('../lib/browser');
const { submit, follow, text, heading, flash, pathOf } = require('../lib/flows');

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function withPage(options, fn) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

/** The demo map, found from the process page that links to it. */
async function openMap(page) {
  await page.goto('/processes');
  await follow(page, 'Mehr Platz fürs Rad: Radverkehrskonzept Altona');
  await follow(page, 'Wie soll der Stadtteil 2030 aussehen?');
  assert.match(pathOf(page), /^\/opinion\/\d+$/);
  assert.equal(await heading(page), 'Wie soll der Stadtteil 2030 aussehen?');
}

function step(msg) {
  if (process.env.OPINION_E2E_TRACE) console.error(new Date().toISOString(), msg);
}

async function statement(page) {
  return text(page.locator('.opinion-card .opinion-statement'));
}

for (const js of [false, true]) {
  test(`an anonymous visitor votes and reads the map (${js ? 'with' : 'without'} JavaScript)`, async () => {
    // axe-core and the reflow measure need JavaScript in the page: without it
    // this run checks function only; the run with JavaScript checks the same pages.
    const log = new A11yLog();
    const a11y = { check: (page, label) => (js ? log.check(page, label) : null) };
    const reflow = (page, label) => (js ? checkReflow(page, label) : null);
    const tag = js ? 'js' : 'nojs';
    await withPage({ javaScriptEnabled: js, viewport: { width: 1280, height: 900 } }, async (page) => {
      step('open');
      await openMap(page);
      step('opened');
      await a11y.check(page, `opinion vote ${tag}`);
      await screenshot(page, `opinion-vote-${tag}-1280`);
      assert.equal(await text(page.locator('.opinion-progress')), 'Sie haben 0 von 12 Aussagen bewertet.');

      const first = await statement(page);
      await submit(page, 'Zustimmen', page.locator('.opinion-card'));
      assert.equal(await flash(page), 'Ihre Zustimmung ist gespeichert.');
      const second = await statement(page);
      assert.notEqual(second, first);
      await submit(page, 'Ablehnen', page.locator('.opinion-card'));
      assert.equal(await flash(page), 'Ihre Ablehnung ist gespeichert.');
      assert.equal(await text(page.locator('.opinion-progress')), 'Sie haben 2 von 12 Aussagen bewertet.');
      await a11y.check(page, `opinion vote after votes ${tag}`);

      step('voted');
      // Change the first vote on "Meine Stimmen".
      await follow(page, 'Meine Stimmen');
      assert.equal(await heading(page), 'Meine Stimmen');
      const item = page.locator('.opinion-mine li', { hasText: first });
      assert.match(await text(item), /Ihre Stimme: Zustimmung/);
      await a11y.check(page, `opinion mine ${tag}`);
      await submit(page, 'Überspringen', item);
      assert.equal(await flash(page), 'Übersprungen.');
      assert.match(await text(page.locator('.opinion-mine li', { hasText: first })), /Ihre Stimme: Übersprungen/);
      assert.equal(await page.locator('.opinion-mine li').count(), 2);

      step('mine');
      // A statement that is too long: the message beside the field, the text kept.
      await follow(page, 'Zurück zum Abstimmen');
      const long = 'Ein Trinkbrunnen an jeder Haltestelle '.repeat(4).trim();
      await page.locator('#body').fill(long);
      const res = await submit(page, 'Aussage hinzufügen');
      assert.equal(res.status(), 422);
      assert.match(await text(page.locator('#body-error')), /höchstens 140 Zeichen/);
      assert.equal(await page.locator('#body').inputValue(), long);
      await a11y.check(page, `opinion statement error ${tag}`);
      await page.locator('#body').fill(`Ein Trinkbrunnen am Rathaus (${tag})`);
      await submit(page, 'Aussage hinzufügen');
      assert.equal(await flash(page), 'Danke! Ihre Aussage wird nach einer Prüfung sichtbar.');

      step('statement');
      // The map: SVG with a text equivalent.
      await follow(page, 'Landkarte der Meinungen ansehen', page.locator('nav.opinion-nav'));
      assert.match(await heading(page), /^Landkarte der Meinungen/);
      const groups = await page.locator('.opinion-group h3').allInnerTexts();
      assert.ok(groups.length >= 2, `groups: ${groups}`);
      assert.match(groups[0], /^Gruppe A: \d+ Teilnehmende$/);
      assert.equal(await page.locator('svg.opinion-svg').getAttribute('role'), 'img');
      await a11y.check(page, `opinion map ${tag}`);
      await screenshot(page, `opinion-map-${tag}-1280`);
      await follow(page, 'Wo stehe ich?');
      assert.match(await text(page.locator('.opinion-you')), /Sie haben abgestimmt|Sie gehören zur Meinungsgruppe/);
      await a11y.check(page, `opinion map you ${tag}`);

      await page.setViewportSize({ width: 320, height: 800 });
      await reflow(page, `opinion map you 320 ${tag}`);
      await screenshot(page, `opinion-map-you-${tag}-320`);
      await page.goBack();
      await page.goto(page.url().replace(/\/map\/you$/, '').replace(/\/map$/, ''));
      await reflow(page, `opinion vote 320 ${tag}`);
      await screenshot(page, `opinion-vote-${tag}-320`);
    });
    log.assertClean();
  });
}
