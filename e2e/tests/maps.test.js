'use strict';
// Maps and the place picker in the browser, on the demo data (Hamburg's
// districts, streets, parks and water as base layers; an OSM address extract
// as the address register):
// - the idea map: markers are links with names, a legend by status, the
//   list below; pan and zoom buttons change the view; 1280 and 320 px;
// - the place picker with JavaScript: suggestions as one types, chosen with
//   the keyboard, the idea then stands on the map at that address; a click
//   on the map sets the coordinates;
// - the place picker without JavaScript: "find address" lists matches to
//   choose from, and the idea is saved with the chosen address.
// axe-core (WCAG 2.1 A/AA) runs on every state shown.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, RESULTS_DIR } = require('../lib/browser');
const { submit, heading, pathOf, login, normalize } = require('../lib/flows');

const ANNA = { email: 'anna@mitreden.example', password: 'mitreden-demo' };
const RUN = Date.now().toString(36);

let server;
let browser;
let processPath;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { context, page } = await openPage(browser, server);
  try {
    await page.goto('/processes');
    const link = page.getByRole('link', { name: 'Mehr Platz fürs Rad: Radverkehrskonzept Altona' }).first();
    processPath = new URL(await link.getAttribute('href'), server.baseURL).pathname;
  } finally {
    await context.close();
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function withPage(fn, options = {}) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

async function shot(page, name, width) {
  await page.setViewportSize({ width, height: 900 });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-${width}.png`), fullPage: true });
}

const viewBox = (page) =>
  page.locator('.map-svg').first().evaluate((svg) => svg.getAttribute('viewBox').split(' ').map(Number));

test('the idea map: marker links, legend, list, pan and zoom', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await page.goto(`${processPath}/ideas/map`);
    assert.match(await heading(page), /^Karte der Ideen: /);
    const markers = page.locator('.map-svg a.map-marker');
    const count = await markers.count();
    assert.ok(count >= 6, `markers: ${count}`);
    // Every marker has a name (title and status) and leads to its idea.
    const label = await markers.first().getAttribute('aria-label');
    assert.match(label, /\((Eingegangen|In Prüfung|Angenommen|Umgesetzt|Abgelehnt)\)$/);
    assert.equal(await page.locator('table tbody tr').count(), count, 'the list has the same ideas');
    // The legend: five statuses, each with its own shape.
    const legend = (await page.locator('.map-legend li').allInnerTexts()).map(normalize);
    assert.deepEqual(legend, ['Eingegangen', 'In Prüfung', 'Angenommen', 'Umgesetzt', 'Abgelehnt']);
    const shapes = await page.locator('.map-legend svg').evaluateAll((els) => els.map((e) => e.innerHTML));
    assert.equal(new Set(shapes).size, 5);
    // The base layers are drawn, with their credit.
    assert.ok((await page.locator('.map-base path.layer-streets').count()) > 0);
    assert.match(await page.locator('figure.idea-map figcaption').innerText(), /OpenStreetMap/);
    await a11y.check(page, 'idea map');
    await shot(page, 'map', 1280);
    await checkReflow(page, 'idea map at 1280 px');

    // Markers are reached with the keyboard.
    await markers.first().focus();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), label);

    // Zoom and pan with the buttons.
    const start = await viewBox(page);
    await page.getByRole('button', { name: 'Hineinzoomen' }).click();
    const zoomed = await viewBox(page);
    assert.ok(zoomed[2] < start[2] * 0.7, `zoomed in: ${zoomed} from ${start}`);
    await page.getByRole('button', { name: 'Nach Osten verschieben' }).click();
    const panned = await viewBox(page);
    assert.ok(panned[0] > zoomed[0], 'moved east');
    await page.getByRole('button', { name: 'Herauszoomen' }).click();
    await page.getByRole('button', { name: 'Herauszoomen' }).click();
    assert.ok((await viewBox(page))[2] > zoomed[2] * 2);
    await page.getByRole('button', { name: 'Ganze Ansicht' }).click();
    assert.deepEqual((await viewBox(page)).map(Math.round), start.map(Math.round));
    // The wheel zooms too, and a drag moves the map.
    const box = await page.locator('.map-svg').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    assert.ok((await viewBox(page))[2] < start[2]);
    const before = await viewBox(page);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.ok((await viewBox(page))[0] > before[0], 'dragged west shows what lies east');
    await a11y.check(page, 'idea map, zoomed');

    await page.setViewportSize({ width: 320, height: 800 });
    await checkReflow(page, 'idea map at 320 px');
    await shot(page, 'map', 320);

    // A marker is a link to its idea.
    await page.getByRole('button', { name: 'Ganze Ansicht' }).click();
    const href = await markers.first().getAttribute('href');
    await Promise.all([page.waitForURL(`**${href}`), markers.first().click()]);
    assert.equal(pathOf(page), href);
  });
  a11y.assertClean();
});

test('the place picker with JavaScript: suggestions and a click on the map', async () => {
  const a11y = new A11yLog();
  const title = `Bank vor der Bücherhalle ${RUN}`;
  await withPage(async (page) => {
    await login(page, ANNA);
    await page.goto(`${processPath}/ideas/new`);
    assert.equal(await heading(page), 'Idee einreichen');
    await page.locator('#title').fill(title);
    await page.locator('#body').fill('Vor der Bücherhalle fehlt eine Bank zum Ausruhen.');
    await page.locator('#category').selectOption({ label: 'Abstellplätze' });
    const address = page.locator('#address');
    assert.equal(await address.getAttribute('role'), 'combobox');
    await address.pressSequentially('osterstrasse 1', { delay: 20 });
    const options = page.getByRole('listbox', { name: 'Vorschläge' }).getByRole('option');
    await options.first().waitFor();
    const labels = (await options.allInnerTexts()).map(normalize);
    assert.ok(labels.length > 1 && labels.every((l) => l.startsWith('Osterstraße 1')), JSON.stringify(labels));
    assert.equal(await address.getAttribute('aria-expanded'), 'true');
    await a11y.check(page, 'idea form, address suggestions');
    await shot(page, 'picker', 1280);
    await page.setViewportSize({ width: 320, height: 800 });
    await checkReflow(page, 'place picker at 320 px');
    await shot(page, 'picker', 320);
    await page.setViewportSize({ width: 1280, height: 900 });
    // Chosen with the keyboard.
    await address.press('ArrowDown');
    assert.equal(await address.getAttribute('aria-activedescendant'), 'suggestion-0');
    await address.press('Enter');
    assert.equal(await address.inputValue(), labels[0]);
    assert.equal(await address.getAttribute('aria-expanded'), 'false');
    const lat = Number(await page.locator('#lat').inputValue());
    const lon = Number(await page.locator('#lon').inputValue());
    assert.ok(lat > 53.56 && lat < 53.59 && lon > 9.93 && lon < 9.97, `${lat}, ${lon}`);
    assert.equal(await page.locator('.map-picked').isVisible(), true, 'the pin shows the place');
    await a11y.check(page, 'idea form, address chosen');

    await submit(page, 'Idee einreichen');
    assert.equal(await heading(page), title);
    // The idea stands on the map at that place.
    await page.goto(`${processPath}/ideas/map`);
    const marker = page.locator(`.map-svg a.map-marker[aria-label^="${title}"]`);
    assert.equal(await marker.count(), 1);
    const row = page.locator('table tbody tr', { hasText: title });
    assert.match(normalize(await row.innerText()), new RegExp(`${labels[0]}.*${lat.toFixed(5)}, ${lon.toFixed(5)}`));

    // A click on the map sets the coordinates.
    await page.goto(`${processPath}/ideas/new`);
    assert.equal(await page.locator('#lat').inputValue(), '');
    const map = page.locator('.picker-map .map-svg');
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const clickedLat = Number(await page.locator('#lat').inputValue());
    const clickedLon = Number(await page.locator('#lon').inputValue());
    assert.ok(clickedLat > 53.39 && clickedLat < 53.74 && clickedLon > 9.73 && clickedLon < 10.33, `${clickedLat}, ${clickedLon}`);
    assert.equal(await page.locator('.map-picked').isVisible(), true);
    // The coordinates stay an advanced field.
    await page.locator('details.coordinates summary').click();
    assert.equal(await page.locator('#lat').isVisible(), true);
    await a11y.check(page, 'idea form, place set on the map');
  });
  a11y.assertClean();
});

test('the place picker without JavaScript: find an address and choose it', async () => {
  // axe-core needs JavaScript in the page: the next test checks these states.
  const title = `Fahrradbügel am Markt ${RUN}`;
  await withPage(
    async (page) => {
      await login(page, ANNA);
      await page.goto(`${processPath}/ideas/new`);
      assert.equal(await page.locator('.picker-map').isVisible(), false, 'no map to click without JavaScript');
      await page.locator('#title').fill(title);
      await page.locator('#body').fill('Am Markt fehlen Fahrradbügel.');
      await page.locator('#category').selectOption({ label: 'Abstellplätze' });
      await page.locator('#address').fill('Nirgendwostraße 99');
      let res = await submit(page, 'Adresse suchen');
      assert.equal(res.status(), 422);
      assert.match(normalize(await page.locator('#address-error').innerText()), /nicht im Adressverzeichnis/);
      assert.equal(await page.locator('#title').inputValue(), title, 'nothing typed is lost');

      await page.locator('#address').fill('Osterstr. 1');
      res = await submit(page, 'Adresse suchen');
      assert.equal(res.status(), 200);
      const choices = page.getByRole('group', { name: 'Passende Adressen' }).getByRole('radio');
      assert.ok((await choices.count()) > 1);
      const second = page.locator('.address-choices label').nth(1);
      const chosen = normalize(await second.innerText());
      await second.click();
      await shot(page, 'picker-nojs', 1280);
      await submit(page, 'Idee einreichen');
      assert.equal(await heading(page), title);
      await page.goto(`${processPath}/ideas/map`);
      const row = page.locator('table tbody tr', { hasText: title });
      assert.match(normalize(await row.innerText()), new RegExp(chosen));
      assert.equal(await page.locator('.map-controls').count(), 0, 'no buttons that need JavaScript');
      assert.equal(await page.locator(`.map-svg a.map-marker[aria-label^="${title}"]`).count(), 1);
    },
    { javaScriptEnabled: false },
  );
});

test('the "find address" states of the form are accessible', async () => {
  const a11y = new A11yLog();
  await withPage(async (page) => {
    await login(page, ANNA);
    await page.goto(`${processPath}/ideas/new`);
    await page.locator('#address').fill('Nirgendwostraße 99');
    await submit(page, 'Adresse suchen');
    assert.equal(await page.locator('#address').getAttribute('aria-invalid'), 'true');
    await a11y.check(page, 'idea form, address not found');
    await page.locator('#address').fill('Osterstr. 1');
    await submit(page, 'Adresse suchen');
    assert.ok((await page.locator('.address-choices input[type=radio]').count()) > 1);
    await a11y.check(page, 'idea form, addresses to choose from');
  });
  a11y.assertClean();
});
