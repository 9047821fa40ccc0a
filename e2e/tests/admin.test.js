'use strict';
// Administration in the browser: departments, roles, and access control.
// axe-core (WCAG 2.1 A/AA) runs on every page the admin sees.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, checkA11y, A11yLog, checkReflow } = require('../lib/browser');
const {
  uniqueEmail,
  submit,
  follow,
  text,
  heading,
  flash,
  pathOf,
  registerAndVerify,
  login,
  logout,
} = require('../lib/flows');

const ADMIN = { email: 'admin@mitreden.example', password: 'mitreden-demo' };

let server;
let browser;
// Verified people, registered once for all tests in this file: Bernd gets
// the staff role in the first test, Clara stays a citizen.
const citizen = { email: uniqueEmail('bernd'), name: 'Bernd Beispiel', password: 'ein-gutes-passwort-42' };
const clara = { email: uniqueEmail('clara'), name: 'Clara Bürgerin', password: 'nur-buergerin-bleiben' };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const { context, page, guard } = await openPage(browser, server);
  try {
    await registerAndVerify(page, server, citizen);
    await registerAndVerify(page, server, clara);
    guard.assertClean();
  } finally {
    await context.close();
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop(); // fails if mitreden does not exit cleanly on SIGTERM
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

/** The card of the users list that shows `email`. */
function userRow(page, email) {
  return page.locator('.user-cards > li', { hasText: email });
}

test('admin creates a department and gives a person the staff role', async () => {
  const a11y = new A11yLog();
  const department = `Amt für Stadtgrün ${Date.now().toString(36)}`;

  await withPage(async (page) => {
    await login(page, ADMIN);
    await a11y.check(page, 'home, admin logged in');

    // Admin overview
    const mainNav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    // The admin pages are in the header's "Arbeitsbereich" menu.
    await mainNav.getByRole('button', { name: 'Arbeitsbereich' }).click();
    await follow(page, 'Verwaltung', mainNav);
    assert.equal(pathOf(page), '/admin');
    assert.equal(await heading(page), 'Verwaltung');
    assert.equal(await mainNav.getByRole('link', { name: 'Verwaltung', includeHidden: true }).getAttribute('aria-current'), 'page');
    await a11y.check(page, 'admin');

    // Departments
    await follow(page, 'Behörden', page.locator('main'));
    assert.equal(pathOf(page), '/admin/departments');
    assert.equal(await heading(page), 'Behörden');
    await a11y.check(page, 'departments');

    await page.locator('#name').fill(department);
    await submit(page, 'Behörde anlegen');
    assert.equal(pathOf(page), '/admin/departments');
    assert.equal(await flash(page), 'Die Behörde wurde angelegt.');
    assert.equal(await page.locator('.admin-card h3', { hasText: department }).count(), 1);
    await a11y.check(page, 'departments after creating one');

    // The same name again is refused.
    await page.locator('#name').fill(department);
    const dup = await submit(page, 'Behörde anlegen');
    assert.equal(dup.status(), 422);
    const nameError = page.locator('.field', { has: page.locator('#name') }).locator('.error-message');
    assert.equal(await text(nameError), 'Fehler: Eine Behörde mit diesem Namen gibt es bereits.');
    assert.match(await text(page.locator('.error-summary')), /Eine Behörde mit diesem Namen gibt es bereits\./);
    assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#name').inputValue(), department);
    assert.equal(await page.locator('.admin-card h3', { hasText: department }).count(), 1, 'no second department');
    await a11y.check(page, 'departments with duplicate name error');

    // Users: find the citizen
    await follow(page, 'Verwaltung', page.locator('main'));
    await follow(page, 'Personen und Rollen', page.locator('main'));
    assert.equal(pathOf(page), '/admin/users');
    assert.equal(await heading(page), 'Personen und Rollen');
    await a11y.check(page, 'users');

    await page.locator('#q').fill(citizen.email);
    await submit(page, 'Suchen', page.getByRole('search'));
    assert.equal(pathOf(page), '/admin/users');
    assert.equal(new URL(page.url()).searchParams.get('q'), citizen.email);
    assert.equal(await page.locator('#q').inputValue(), citizen.email);
    assert.equal(await page.locator('.user-cards > li').count(), 1, 'the search finds exactly the citizen');
    let row = userRow(page, citizen.email);
    assert.match(await text(row), new RegExp(citizen.name));
    assert.equal(await row.locator('select[name="role"]').inputValue(), 'citizen');
    await a11y.check(page, 'users search result');

    // Staff without a department is refused.
    await row.locator('select[name="role"]').selectOption('staff');
    await row.locator('select[name="department_id"]').selectOption('');
    const refused = await submit(page, /^Speichern/, row);
    assert.ok(refused.status() >= 400, `refused role change answers with an error status (got ${refused.status()})`);
    assert.match(await text(page.locator('.error-summary')), /Mitarbeitende einer Behörde brauchen eine Behörde\./);
    row = userRow(page, citizen.email);
    assert.equal(
      await text(row.locator('.error-message')),
      'Fehler: Mitarbeitende einer Behörde brauchen eine Behörde.',
    );
    assert.equal(await row.locator('select[name="role"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await flash(page), null);
    await a11y.check(page, 'users with role error');

    // Staff with the new department is saved.
    await row.locator('select[name="role"]').selectOption('staff');
    await row.locator('select[name="department_id"]').selectOption({ label: department });
    await submit(page, /^Speichern/, row);
    assert.equal(await flash(page), 'Die Rolle wurde gespeichert.');
    await a11y.check(page, 'users after saving the role');

    // The change is stored.
    await page.goto(`/admin/users?q=${encodeURIComponent(citizen.email)}`);
    row = userRow(page, citizen.email);
    assert.equal(await row.locator('select[name="role"]').inputValue(), 'staff');
    const selectedDepartment = await row.locator('select[name="department_id"] option:checked').innerText();
    assert.equal(selectedDepartment.trim(), department);

    await logout(page);
  });

  a11y.assertClean();
});

test('a citizen gets "Kein Zugriff" on the admin pages', async () => {
  await withPage(async (page) => {
    await login(page, clara);
    assert.equal(
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).count(),
      0,
      'no admin link for non-admins',
    );
    for (const p of ['/admin', '/admin/departments', '/admin/users']) {
      const res = await page.goto(p);
      assert.equal(res.status(), 403, `${p} answers 403`);
      assert.equal(await heading(page), 'Kein Zugriff', `${p} shows the 403 page`);
      assert.match(await page.title(), /^Kein Zugriff/);
    }
    await checkA11y(page, '403 page');

    // Posting to an admin form (with a valid CSRF token) is refused as well.
    await page.goto('/admin');
    const csrf = await page.locator('header input[name="csrf_token"]').inputValue();
    const status = await page.evaluate(async (token) => {
      const res = await fetch('/admin/departments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: token, name: 'Unbefugt' }).toString(),
        redirect: 'manual',
      });
      return res.status;
    }, csrf);
    assert.equal(status, 403, 'POST /admin/departments by a non-admin is refused');
    await logout(page);

    // Staff (Bernd, after the first test) are no admins either.
    await login(page, citizen);
    const res = await page.goto('/admin/users');
    assert.equal(res.status(), 403);
    assert.equal(await heading(page), 'Kein Zugriff');
    await logout(page);
  });
});

test('a visitor who is not logged in is sent to the login page and back', async () => {
  await withPage(async (page) => {
    await page.goto('/admin/users?q=bernd');
    assert.equal(pathOf(page), '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/admin/users?q=bernd');
    assert.equal(await flash(page), 'Bitte melden Sie sich an, um fortzufahren.');
    await checkA11y(page, 'login required');

    // After logging in, the admin lands on the page asked for.
    await page.locator('#email').fill(ADMIN.email);
    await page.locator('#password').fill(ADMIN.password);
    await submit(page, 'Anmelden', page.locator('main'));
    assert.equal(pathOf(page), '/admin/users');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'bernd');
    assert.equal(await heading(page), 'Personen und Rollen');
  });
});

test('admin pages reflow to 320 CSS pixels without horizontal scrolling', async () => {
  // WCAG 1.4.10 (Reflow) is not checked by axe-core.
  await withPage(async (page) => {
    await login(page, ADMIN);
    for (const p of ['/admin', '/admin/departments']) {
      await page.goto(p);
      await checkReflow(page);
    }
  }, { viewport: { width: 320, height: 640 } });
});

test(
  'the users table of /admin/users does not make the whole page scroll sideways at 320 px',
  async () => {
    await withPage(async (page) => {
      await login(page, ADMIN);
      await page.goto('/admin/users');
      await checkReflow(page, 'users');
    }, { viewport: { width: 320, height: 640 } });
  },
);
