'use strict';
// The header's navigation and smaller defects (issue 13, points 6, 7, 11, 13,
// 16, 18): on a phone the menu folds behind a button that works with and
// without JavaScript; at desktop width the header is one row; staff find
// their entries in the header; the discussion's count follows live comments;
// the inbox's filter fields have a usable height; the token of an upload form
// never reaches the address bar. axe-core runs on every page state shown, and
// screenshots of the start page and a process page are taken at 1280 and 320 px.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, checkReflow, screenshot } = require('../lib/browser');
const { makePng } = require('../lib/images');
const { uniqueEmail, navigate, submit, follow, text, heading, pathOf, login, logout, openMenu } = require('../lib/flows');

const RUN = Date.now().toString(36);
const DEPARTMENT = `Amt für Wegweiser ${RUN}`;
const STAFF = { email: uniqueEmail('navstaff'), password: 'staff-pass-nav-1', name: 'Team Wegweiser' };
const CITIZEN = { email: uniqueEmail('navcitizen'), password: 'citizen-pass-nav-1', name: 'Nora Nachbarin' };
const PROCESS_TITLE = `Verkehrsberuhigungsmaßnahmenkatalog Ottensen ${RUN}`;
const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };

let server;
let browser;
let processPath = null;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.createUser({ ...STAFF, role: 'staff', department: DEPARTMENT });
  await server.createUser({ ...CITIZEN, role: 'citizen' });
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

function isoDay(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The boxes of the header's brand and its visible menu entries. */
async function headerBoxes(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const items = [...document.querySelectorAll('header .brand, header .nav-list > li')].filter(visible);
    return items.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent.trim().replace(/\s+/g, ' '), top: r.top, bottom: r.bottom };
    });
  });
}

/** Whether the main menu's list is shown. */
async function menuShown(page) {
  return page.locator('#nav-list').isVisible();
}

// ---- 1. the header at desktop width and on a phone ----

test('at 1280 px the header is one row, for visitors and for staff', async () => {
  const a11y = new A11yLog();
  await withPage({ viewport: DESKTOP }, async (page) => {
    await page.goto('/');
    assert.equal(await page.locator('header .menu-toggle').isVisible(), false, 'no menu button at desktop width');
    const boxes = await headerBoxes(page);
    assert.ok(boxes.length >= 4, `brand and entries are shown: ${JSON.stringify(boxes)}`);
    const tops = new Set(boxes.map((b) => Math.round((b.top + b.bottom) / 2 / 8)));
    assert.ok(tops.size === 1 || boxes.every((b) => Math.abs(b.top - boxes[0].top) < 24), `one row: ${JSON.stringify(boxes)}`);
    await a11y.check(page, 'start page, visitor, 1280 px');
    await screenshot(page, 'nav-home-visitor-1280');

    await login(page, STAFF);
    const staffBoxes = await headerBoxes(page);
    const bottom = Math.max(...staffBoxes.map((b) => b.bottom));
    const top = Math.min(...staffBoxes.map((b) => b.top));
    assert.ok(bottom - top < 60, `the staff's header is one row: ${JSON.stringify(staffBoxes)}`);
    // The staff's entries: a menu of their own, closed until asked for.
    const work = page.locator('header').getByRole('button', { name: 'Arbeitsbereich' });
    assert.equal(await work.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#nav-work-list').isVisible(), false);
    await work.click();
    assert.equal(await work.getAttribute('aria-expanded'), 'true');
    const entries = (await page.locator('#nav-work-list a').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(entries, [
      'Übersicht',
      'Verfahren meiner Abteilung',
      'Entwürfe',
      'Neues Verfahren',
      'Eingang Ideen',
      'Umfragen',
      'Dokument veröffentlichen',
    ]);
    await a11y.check(page, 'start page, staff, work menu open, 1280 px');
    await screenshot(page, 'nav-home-staff-menu-1280');
    // Escape closes it and gives the focus back to its button.
    await page.locator('#nav-work-list a').first().focus();
    await page.keyboard.press('Escape');
    assert.equal(await work.getAttribute('aria-expanded'), 'false');
    assert.equal(await work.evaluate((b) => b === document.activeElement), true);

    // Between phone and desktop (a tablet) the staff's entries fold behind
    // the menu button too, and nothing sticks out.
    for (const width of [768, 1000]) {
      await page.setViewportSize({ width, height: 800 });
      await checkReflow(page, `start page, staff, ${width} px`);
      const rows = await headerBoxes(page);
      const spread = Math.max(...rows.map((b) => b.bottom)) - Math.min(...rows.map((b) => b.top));
      assert.ok(spread < 60, `one row at ${width} px: ${JSON.stringify(rows)}`);
    }
    await page.setViewportSize(DESKTOP);

    // "Neues Verfahren" from the header.
    await work.click();
    await follow(page, 'Neues Verfahren', page.locator('header'));
    assert.equal(pathOf(page), '/processes/new');
    // The surveys of the department.
    await page.locator('header').getByRole('button', { name: 'Arbeitsbereich' }).click();
    await follow(page, 'Umfragen', page.locator('header'));
    assert.equal(pathOf(page), '/staff/surveys');
    assert.equal(await heading(page), 'Umfragen');
    await a11y.check(page, 'staff surveys');
  });
  a11y.assertClean();
});

test('at 320 px the menu button opens and closes the menu, with JavaScript', async () => {
  const a11y = new A11yLog();
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto('/');
    const toggle = page.locator('header').getByRole('button', { name: 'Menü' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.getAttribute('aria-controls'), 'nav-list');
    assert.equal(await menuShown(page), false, 'the menu starts closed');
    const closedHeight = (await page.locator('header').boundingBox()).height;
    assert.ok(closedHeight < 90, `the closed header is one row (${closedHeight}px)`);
    await checkReflow(page, 'start page at 320 px');
    // Long German words hyphenate by the page's language (where the browser
    // has the dictionary) instead of breaking anywhere without a hyphen.
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    for (const selector of ['main h1', 'main p']) {
      const style = await page.locator(selector).first().evaluate((el) => getComputedStyle(el).hyphens);
      assert.equal(style, 'auto', `${selector} hyphenates`);
    }
    await a11y.check(page, 'start page, 320 px, menu closed');
    await screenshot(page, 'nav-home-320-closed');

    // With the keyboard.
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await menuShown(page), true);
    assert.ok(await page.locator('#nav-list').getByRole('link', { name: 'Anmelden' }).isVisible());
    await checkReflow(page, 'start page at 320 px, menu open');
    await a11y.check(page, 'start page, 320 px, menu open');
    await screenshot(page, 'nav-home-320-open');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await menuShown(page), false);
    await toggle.click();
    assert.equal(await menuShown(page), true);
    await toggle.click();
    assert.equal(await menuShown(page), false);

    // Staff: the work menu folds inside the main menu; logging out works.
    await login(page, STAFF);
    await openMenu(page);
    await page.locator('header').getByRole('button', { name: 'Arbeitsbereich' }).click();
    assert.ok(await page.locator('#nav-work-list').getByRole('link', { name: 'Eingang Ideen' }).isVisible());
    await checkReflow(page, 'start page, staff, 320 px, menus open');
    await a11y.check(page, 'start page, staff, 320 px, menus open');
    await screenshot(page, 'nav-home-staff-320-open');
    await logout(page);
  });
  a11y.assertClean();
});

test('at 320 px the menu button opens and closes the menu without JavaScript', async () => {
  await withPage({ viewport: PHONE, javaScriptEnabled: false }, async (page) => {
    await page.goto('/');
    const summary = page.locator('header summary.menu-toggle');
    assert.equal(await text(summary), 'Menü');
    assert.equal(await menuShown(page), false);
    await summary.click();
    assert.equal(await menuShown(page), true);
    await navigate(page, () => page.locator('#nav-list').getByRole('link', { name: 'Anmelden' }).click());
    assert.equal(pathOf(page), '/login');
    await page.locator('#email').fill(STAFF.email);
    await page.locator('#password').fill(STAFF.password);
    await submit(page, 'Anmelden', page.locator('main'));
    // Staff start on their dashboard.
    assert.equal(pathOf(page), '/staff/dashboard');
    // With the keyboard: the summary is focusable and toggles with Enter.
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await menuShown(page), true);
    await page.locator('header summary.submenu-toggle').click();
    assert.ok(await page.locator('#nav-work-list').getByRole('link', { name: 'Neues Verfahren' }).isVisible());
    await navigate(page, () => page.locator('#nav-work-list').getByRole('link', { name: 'Neues Verfahren' }).click());
    assert.equal(pathOf(page), '/processes/new');
    await summary.click();
    assert.equal(await menuShown(page), true);
    await summary.click();
    assert.equal(await menuShown(page), false);
  });
  await withPage({ viewport: DESKTOP, javaScriptEnabled: false }, async (page) => {
    await page.goto('/');
    assert.equal(await page.locator('header summary.menu-toggle').isVisible(), false);
    assert.equal(await menuShown(page), true, 'at desktop width the entries stand open without JavaScript');
    const boxes = await headerBoxes(page);
    assert.ok(Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)) < 60, 'one row');
  });
});

// ---- 2. an upload form with an error keeps the token out of the address bar ----

test('an upload form with an error leaves no csrf_token in the URL', async () => {
  const a11y = new A11yLog();
  await withPage({ viewport: DESKTOP }, async (page) => {
    await login(page, STAFF);
    await page.goto('/processes/new');
    await page.locator('#title').fill(PROCESS_TITLE);
    await page.setInputFiles('#image', { name: 'bild.png', mimeType: 'image/png', buffer: makePng(400, 225) });
    const r = await submit(page, 'Veröffentlichen');
    assert.equal(r.status(), 422);
    assert.ok(!page.url().includes('csrf_token'), `no token in ${page.url()}`);
    assert.equal(pathOf(page), '/processes');
    assert.equal(await page.locator('#title').inputValue(), PROCESS_TITLE, 'nothing typed is lost');
    await a11y.check(page, 'process form with errors after an upload');

    // Then published properly: the process the live test discusses.
    await page.locator('#summary').fill('Wie soll der Verkehr im Quartier beruhigt werden?');
    await page.locator('#participation_from').fill(isoDay(-1));
    await page.locator('#participation_until').fill(isoDay(10));
    await submit(page, 'Veröffentlichen');
    assert.ok(!page.url().includes('csrf_token'), `no token in ${page.url()}`);
    assert.match(pathOf(page), /^\/processes\/\d+$/);
    processPath = pathOf(page);
  });
  a11y.assertClean();
});

// ---- 3. the count in the discussion's heading follows live comments ----

test('a live comment raises the count in the heading', async () => {
  assert.ok(processPath, 'the upload test published a process');
  const a11y = new A11yLog();
  const writer = await openPage(browser, server, { viewport: DESKTOP });
  try {
    await withPage({ viewport: DESKTOP }, async (reader) => {
      const streamOpened = reader.waitForResponse((res) => new URL(res.url()).pathname === `${processPath}/live`);
      await reader.goto(processPath);
      await streamOpened;
      const count = reader.locator('#discussion-title .count');
      assert.equal(await text(count), '(noch keine Beiträge)');

      await login(writer.page, CITIZEN);
      for (const [n, expected] of [[1, '(ein Beitrag)'], [2, '(2 Beiträge)']]) {
        await writer.page.goto(processPath);
        await writer.page.locator('#new-comment').fill(`Beitrag ${n} zur Verkehrsberuhigung ${RUN}`);
        await submit(writer.page, 'Beitrag veröffentlichen');
        await reader.waitForFunction(
          (want) => document.querySelector('#discussion-title .count').textContent.trim() === want,
          expected,
          { timeout: 3000 },
        );
        assert.equal(await text(count), expected);
      }
      await a11y.check(reader, 'process page after live comments');
      await screenshot(reader, 'nav-process-1280');
    });
    writer.guard.assertClean();
  } finally {
    await writer.context.close();
  }
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto(processPath);
    await checkReflow(page, 'process page at 320 px');
    await a11y.check(page, 'process page at 320 px');
    await screenshot(page, 'nav-process-320');
  });
  a11y.assertClean();
});

// ---- 4. the inbox's filter fields ----

test('the filter fields of /staff/ideas are at least 24 px high', async () => {
  const a11y = new A11yLog();
  await withPage({ viewport: DESKTOP }, async (page) => {
    await login(page, STAFF);
    await page.goto('/staff/ideas');
    for (const id of ['i-category', 'i-min', 'i-status', 'i-from', 'i-sort']) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box && box.height >= 24, `#${id} is ${box && box.height}px high`);
    }
    await a11y.check(page, 'staff inbox');
  });
  a11y.assertClean();
});
