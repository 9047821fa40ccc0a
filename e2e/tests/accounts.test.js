'use strict';
// Citizen accounts in the browser: registration with errors, verification
// mail, login, settings, logout, password reset, language switch, 404 page,
// skip link, and the same basics with JavaScript disabled.
// axe-core (WCAG 2.1 A/AA) runs on every page the journey shows.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, checkA11y, A11yLog, checkReflow, screenshot } = require('../lib/browser');
const {
  uniqueEmail,
  submit,
  follow,
  text,
  heading,
  flash,
  pathOf,
  fillRegistration,
  fillLogin,
  registerAndVerify,
  confirmLink,
  login,
  logout,
  VERIFY_LINK,
  RESET_LINK,
  EMAIL_CHANGE_LINK,
  VERIFY_PAGE,
  EMAIL_CHANGE_PAGE,
} = require('../lib/flows');

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop(); // fails if mitreden does not exit cleanly on SIGTERM
});

/** Opens a fresh context + page, runs fn, then checks the request guard and closes. */
async function withPage(options, fn) {
  const { context, page, guard } = await openPage(browser, server, options);
  try {
    await fn(page);
    guard.assertClean();
  } finally {
    await context.close();
  }
}

test('citizen journey: register, verify, log in, settings, log out, reset password', async () => {
  const a11y = new A11yLog();
  const person = {
    email: uniqueEmail('erika'),
    name: 'Erika Mustermann',
    password: 'sommer-in-der-stadt-2026',
  };
  const newName = 'Erika M.';
  const newPassword = 'herbst-im-park-2027';

  await withPage({}, async (page) => {
    // Home
    const home = await page.goto('/');
    assert.equal(home.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await heading(page), 'Mitreden in Ihrer Stadt');
    await a11y.check(page, 'home');

    // Register: first with an invalid e-mail address and a too short password
    await follow(page, 'Registrieren', page.getByRole('navigation', { name: 'Hauptnavigation' }));
    assert.equal(pathOf(page), '/register');
    assert.equal(await heading(page), 'Registrieren');
    await a11y.check(page, 'register');

    const bad = await fillRegistration(page, {
      email: 'erika-at-example',
      name: person.name,
      password: 'kurz',
    });
    assert.equal(bad.status(), 422, 'invalid registration is answered with 422');
    assert.equal(pathOf(page), '/register');

    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    const summaryText = await text(summary);
    assert.match(summaryText, /Bitte korrigieren Sie die folgenden Angaben/);
    assert.match(summaryText, /gültige E-Mail-Adresse/);
    assert.match(summaryText, /mindestens 10 Zeichen/);
    // The summary links to the fields.
    assert.equal(await summary.getByRole('link', { name: /gültige E-Mail-Adresse/ }).getAttribute('href'), '#email');
    assert.equal(await summary.getByRole('link', { name: /mindestens 10 Zeichen/ }).getAttribute('href'), '#password');

    // Messages next to the fields, tied to them with aria-describedby.
    const emailField = page.locator('.field', { has: page.locator('#email') });
    const emailError = emailField.locator('.error-message');
    assert.equal(
      await text(emailError),
      'Fehler: Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
    );
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#email').getAttribute('aria-describedby'), new RegExp(`\\b${await emailError.getAttribute('id')}\\b`));

    const passwordField = page.locator('.field', { has: page.locator('#password') });
    const passwordError = passwordField.locator('.error-message');
    assert.equal(await text(passwordError), 'Fehler: Das Passwort muss mindestens 10 Zeichen lang sein.');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    assert.match(
      await page.locator('#password').getAttribute('aria-describedby'),
      new RegExp(`\\b${await passwordError.getAttribute('id')}\\b`),
    );

    // The name was fine: no error there.
    assert.equal(await page.locator('.field', { has: page.locator('#display_name') }).locator('.error-message').count(), 0);
    assert.equal(await page.locator('#display_name').getAttribute('aria-invalid'), null);

    // Typed values are kept, the password is not sent back.
    assert.equal(await page.locator('#email').inputValue(), 'erika-at-example');
    assert.equal(await page.locator('#display_name').inputValue(), person.name);
    assert.equal(await page.locator('#password').inputValue(), '');

    await a11y.check(page, 'register with errors');
    await screenshot(page, 'register-errors');

    // Register correctly
    const seen = server.mailFiles();
    await fillRegistration(page, person);
    assert.equal(pathOf(page), '/register/done');
    assert.equal(await heading(page), 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await a11y.check(page, 'register done');

    // Verification link from the outbox
    const verifyLink = await server.waitForLink(person.email, VERIFY_LINK(server), { ignore: seen });
    const verified = await confirmLink(page, verifyLink, VERIFY_PAGE, () => a11y.check(page, 'verify'));
    assert.equal(verified.status(), 200);
    assert.equal(await heading(page), 'E-Mail-Adresse bestätigt');
    await a11y.check(page, 'verified');

    // Log in: wrong password first
    await follow(page, 'Anmelden', page.locator('main'));
    assert.equal(pathOf(page), '/login');
    await a11y.check(page, 'login');

    const wrong = await fillLogin(page, { email: person.email, password: 'falsches-passwort-123' });
    assert.equal(wrong.status(), 422);
    assert.equal(pathOf(page), '/login');
    assert.match(await text(page.locator('.error-summary')), /E-Mail-Adresse oder Passwort ist falsch\./);
    assert.equal(await page.locator('#email').inputValue(), person.email);
    assert.equal(await page.getByRole('button', { name: 'Abmelden' }).count(), 0, 'not logged in');
    await a11y.check(page, 'login with wrong password');

    // Log in correctly
    await fillLogin(page, person);
    assert.equal(pathOf(page), '/');
    assert.equal(await flash(page), 'Sie sind angemeldet.');
    const header = page.locator('header');
    assert.equal(await header.getByRole('button', { name: 'Abmelden', exact: true }).count(), 1);
    assert.equal(await header.getByRole('link', { name: 'Mein Konto', exact: true }).getAttribute('href'), '/settings');
    assert.equal(await header.getByRole('link', { name: 'Anmelden', exact: true }).count(), 0);
    assert.equal(await header.getByRole('link', { name: 'Verwaltung' }).count(), 0, 'a citizen has no admin link');
    assert.equal(await text(page.locator('footer .signed-in')), `Angemeldet als ${person.name}`);
    await a11y.check(page, 'home, logged in');

    // Settings: change the public name
    await follow(page, 'Mein Konto', header);
    assert.equal(pathOf(page), '/settings');
    assert.equal(await heading(page), 'Mein Konto');
    assert.equal(await page.locator('#name-display_name').inputValue(), person.name);
    assert.match(await text(page.locator('main')), new RegExp(`Ihre Adresse: ${person.email.replace(/[.+]/g, '\\$&')}`));
    await a11y.check(page, 'settings');
    await screenshot(page, 'settings');

    await page.locator('#name-display_name').fill(newName);
    await submit(page, 'Speichern', page.locator('section', { has: page.locator('#name-display_name') }));
    assert.equal(pathOf(page), '/settings');
    assert.equal(await flash(page), 'Ihre Änderungen wurden gespeichert.');
    assert.equal(await page.locator('#name-display_name').inputValue(), newName);
    assert.equal(await text(page.locator('footer .signed-in')), `Angemeldet als ${newName}`);
    await a11y.check(page, 'settings after saving the name');

    // Log out
    await logout(page);
    assert.equal(await page.locator('header').getByRole('link', { name: 'Anmelden', exact: true }).count(), 1);
    assert.equal(await page.locator('footer .signed-in').count(), 0);
    await a11y.check(page, 'home after logout');

    // Forgot password
    await page.goto('/login');
    await follow(page, 'Passwort vergessen?');
    assert.equal(pathOf(page), '/password/forgot');
    assert.equal(await heading(page), 'Passwort vergessen');
    await a11y.check(page, 'forgot password');

    const seenBeforeReset = server.mailFiles();
    await page.locator('#email').fill(person.email);
    await submit(page, 'Link anfordern');
    assert.equal(pathOf(page), '/password/forgot/done');
    assert.equal(await heading(page), 'Bitte sehen Sie in Ihr Postfach');
    await a11y.check(page, 'forgot password done');

    const resetLink = await server.waitForLink(person.email, RESET_LINK(server), { ignore: seenBeforeReset });
    const resetPage = await page.goto(resetLink);
    assert.equal(resetPage.status(), 200);
    assert.equal(await heading(page), 'Neues Passwort festlegen');
    await a11y.check(page, 'reset password');

    await page.locator('#password').fill(newPassword);
    await submit(page, 'Passwort speichern');
    assert.equal(pathOf(page), '/login');
    assert.equal(await flash(page), 'Ihr Passwort wurde geändert. Bitte melden Sie sich mit dem neuen Passwort an.');
    await a11y.check(page, 'login after reset');

    // The reset link works only once.
    await page.goto(resetLink);
    assert.match(await text(page.locator('main')), /Dieser Link wurde bereits verwendet\./);
    assert.equal(await page.locator('#password').count(), 0);
    await a11y.check(page, 'used reset link');

    // The old password no longer works, the new one does.
    await page.goto('/login');
    const old = await fillLogin(page, person);
    assert.equal(old.status(), 422);
    assert.match(await text(page.locator('.error-summary')), /E-Mail-Adresse oder Passwort ist falsch\./);

    await fillLogin(page, { email: person.email, password: newPassword });
    assert.equal(pathOf(page), '/');
    assert.equal(await flash(page), 'Sie sind angemeldet.');
    assert.equal(await text(page.locator('footer .signed-in')), `Angemeldet als ${newName}`);

    await logout(page);
  });

  a11y.assertClean();
});

test('settings: change the e-mail address and the password', async () => {
  const a11y = new A11yLog();
  const person = { email: uniqueEmail('jonas'), name: 'Jonas Probe', password: 'erstes-passwort-123' };
  const newEmail = uniqueEmail('jonas-neu');
  const newPassword = 'zweites-passwort-456';
  const errorOf = (page, id) => page.locator('.field', { has: page.locator(`#${id}`) }).locator('.error-message');

  const other = await openPage(browser, server); // a second login of the same person
  try {
    await withPage({}, async (page) => {
      await registerAndVerify(page, server, person);
      await login(page, person);
      await login(other.page, person);

      await page.goto('/settings');
      const emailSection = page.locator('section', { has: page.locator('#email-email') });
      const passwordSection = page.locator('section', { has: page.locator('#password-new_password') });

      // E-mail change with a wrong current password
      await page.locator('#email-email').fill(newEmail);
      await page.locator('#email-current_password').fill('nicht-mein-passwort');
      const wrong = await submit(page, 'Adresse ändern', emailSection);
      assert.equal(wrong.status(), 422);
      assert.equal(await text(errorOf(page, 'email-current_password')), 'Fehler: Das aktuelle Passwort ist falsch.');
      assert.equal(await page.locator('#email-current_password').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#email-email').inputValue(), newEmail);
      assert.match(await text(emailSection.locator('.error-summary')), /Das aktuelle Passwort ist falsch\./);
      await a11y.check(page, 'settings with e-mail error');

      // E-mail change done right: confirmed through a link sent to the new address
      const seen = server.mailFiles();
      await page.locator('#email-current_password').fill(person.password);
      await submit(page, 'Adresse ändern', emailSection);
      assert.equal(pathOf(page), '/settings');
      assert.equal(await flash(page), 'Wir haben einen Bestätigungslink an die neue Adresse gesendet.');
      assert.match(await text(emailSection), new RegExp(`Ihre Adresse: ${person.email.replace(/[.+]/g, '\\$&')}`));
      await a11y.check(page, 'settings after requesting the e-mail change');

      const link = await server.waitForLink(newEmail, EMAIL_CHANGE_LINK(server), { ignore: seen });
      await confirmLink(page, link, EMAIL_CHANGE_PAGE, () => a11y.check(page, 'confirm the e-mail change'));
      assert.equal(await heading(page), 'E-Mail-Adresse geändert');
      await a11y.check(page, 'e-mail changed');
      await follow(page, 'Mein Konto', page.locator('main'));
      assert.match(await text(page.locator('main')), new RegExp(`Ihre Adresse: ${newEmail.replace(/[.+]/g, '\\$&')}`));

      // Password change: too short first
      await page.locator('#password-current_password').fill(person.password);
      await page.locator('#password-new_password').fill('zu-kurz');
      const short = await submit(page, 'Passwort ändern', passwordSection);
      assert.equal(short.status(), 422);
      assert.equal(
        await text(errorOf(page, 'password-new_password')),
        'Fehler: Das Passwort muss mindestens 10 Zeichen lang sein.',
      );
      assert.equal(await page.locator('#password-new_password').getAttribute('aria-invalid'), 'true');
      await a11y.check(page, 'settings with password error');

      await page.locator('#password-current_password').fill(person.password);
      await page.locator('#password-new_password').fill(newPassword);
      await submit(page, 'Passwort ändern', passwordSection);
      assert.equal(pathOf(page), '/settings');
      assert.equal(await flash(page), 'Ihr Passwort wurde geändert. Andere Anmeldungen wurden beendet.');
      assert.equal(await text(page.locator('footer .signed-in')), `Angemeldet als ${person.name}`);
      await a11y.check(page, 'settings after changing the password');

      // The other login was ended.
      await other.page.goto('/settings');
      assert.equal(pathOf(other.page), '/login', 'the other session must be logged out');
      assert.equal(await other.page.locator('footer .signed-in').count(), 0);

      // New address and new password work; the old address does not.
      await logout(page);
      await page.goto('/login');
      const oldAddress = await fillLogin(page, { email: person.email, password: newPassword });
      assert.equal(oldAddress.status(), 422);
      await login(page, { email: newEmail, password: newPassword });
      await logout(page);
    });
    other.guard.assertClean();
  } finally {
    await other.context.close();
  }

  a11y.assertClean();
});

test('error and edge pages pass axe too', async () => {
  const a11y = new A11yLog();
  const unverified = { email: uniqueEmail('ute'), name: 'Ute Unbestätigt', password: 'noch-nicht-bestaetigt' };

  await withPage({}, async (page) => {
    // Unknown verification and reset links
    await page.goto(`/verify/${'0'.repeat(64)}`);
    assert.equal(await heading(page), 'Link ungültig');
    await a11y.check(page, 'unknown verification link');

    await page.goto(`/password/reset/${'0'.repeat(64)}`);
    assert.equal(await heading(page), 'Neues Passwort festlegen');
    assert.match(await text(page.locator('main')), /Dieser Link ist ungültig\./);
    await a11y.check(page, 'unknown reset link');

    // Forgot password with an invalid address
    await page.goto('/password/forgot');
    await page.locator('#email').fill('keine-adresse');
    const bad = await submit(page, 'Link anfordern');
    assert.equal(bad.status(), 422);
    assert.match(await text(page.locator('.error-message')), /gültige E-Mail-Adresse/);
    await a11y.check(page, 'forgot password with error');

    // Login before the address is confirmed offers to resend the mail
    await page.goto('/register');
    await fillRegistration(page, unverified);
    assert.equal(pathOf(page), '/register/done');
    await page.goto('/login');
    const res = await fillLogin(page, unverified);
    assert.equal(res.status(), 422);
    assert.match(await text(page.locator('.error-summary')), /Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse/);
    assert.equal(await page.getByRole('button', { name: 'Bestätigungs-E-Mail erneut senden' }).count(), 1);
    await a11y.check(page, 'login, address not confirmed');

    // An empty login form
    await page.goto('/login');
    const empty = await submit(page, 'Anmelden', page.locator('main'));
    assert.equal(empty.status(), 422);
    assert.equal(await page.locator('.error-message').count(), 2);
    await a11y.check(page, 'login, empty form');

    // A form whose CSRF cookie is gone: "Formular abgelaufen"
    await page.goto('/login');
    await page.context().clearCookies();
    await page.locator('#email').fill(unverified.email);
    await page.locator('#password').fill(unverified.password);
    const csrf = await submit(page, 'Anmelden', page.locator('main'));
    assert.ok([400, 403].includes(csrf.status()), `CSRF failure answers 400 or 403 (got ${csrf.status()})`);
    assert.equal(await heading(page), 'Formular abgelaufen');
    await a11y.check(page, 'CSRF error page');

    // Registration errors in English
    await page.goto('/language/en?next=/register');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const en = await submit(page, 'Create account');
    assert.equal(en.status(), 422);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('.error-message').count(), 3);
    await a11y.check(page, 'register with errors, English');

    await page.goto('/does-not-exist');
    assert.equal(await heading(page), 'Page not found');
    await a11y.check(page, '404 page, English');
  });

  a11y.assertClean();
});

test('language switch to English changes lang and texts and is remembered', async () => {
  await withPage({}, async (page) => {
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');

    const languages = page.getByRole('navigation', { name: 'Sprache' });
    const english = languages.getByRole('link', { name: 'English' });
    assert.match(await english.getAttribute('href'), /^\/language\/en\?next=/);
    await follow(page, 'English', languages);

    assert.equal(pathOf(page), '/', 'the switch returns to the page it was used on');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await heading(page), 'Have your say in your city');
    assert.equal(await text(page.locator('.skip-link')), 'Skip to content');
    await checkA11y(page, 'home in English');

    // The choice is kept (cookie) although the browser still asks for German.
    await follow(page, 'Register', page.getByRole('navigation', { name: 'Main navigation' }));
    assert.equal(pathOf(page), '/register');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await heading(page), 'Register');
    assert.equal(await page.getByRole('button', { name: 'Create account' }).count(), 1);
    await checkA11y(page, 'register in English');

    await page.goto('/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await heading(page), 'Log in');

    // And back to German.
    await follow(page, 'Deutsch', page.getByRole('navigation', { name: 'Language' }));
    assert.equal(pathOf(page), '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await heading(page), 'Anmelden');
  });
});

test('unknown address shows the 404 page', async () => {
  await withPage({}, async (page) => {
    const res = await page.goto('/gibt-es-nicht/wirklich-nicht');
    assert.equal(res.status(), 404);
    assert.equal(await heading(page), 'Seite nicht gefunden');
    assert.match(await page.title(), /^Seite nicht gefunden/);
    assert.equal(await page.getByRole('link', { name: 'Zur Startseite' }).getAttribute('href'), '/');
    await checkA11y(page, '404 page');
  });
});

test('the skip link is the first thing keyboard users reach', async () => {
  await withPage({}, async (page) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName,
        text: el.textContent.trim(),
        href: el.getAttribute('href'),
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      };
    });
    assert.deepEqual(focused, { tag: 'A', text: 'Zum Inhalt springen', href: '#main', visible: true });
    await checkA11y(page, 'home with focused skip link');

    // Following it moves the focus to the main content.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
    assert.equal(new URL(page.url()).hash, '#main');
  });
});

test('pages reflow to 320 CSS pixels without horizontal scrolling', async () => {
  // WCAG 1.4.10 (Reflow) is not checked by axe-core.
  const person = { email: uniqueEmail('klein'), name: 'Kleiner Bildschirm', password: 'schmales-telefon-320' };
  await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
    for (const p of ['/', '/register', '/login', '/password/forgot', '/gibt-es-nicht']) {
      await page.goto(p);
      await checkReflow(page);
    }
    await page.goto('/register');
    await submit(page, 'Konto anlegen');
    await checkReflow(page, 'register with errors');

    await registerAndVerify(page, server, person, () => checkReflow(page));
    await login(page, person);
    await checkReflow(page, 'home, logged in');
    await page.goto('/settings');
    await checkReflow(page, 'settings');
    await logout(page);
  });
});

test('register and log in work with JavaScript disabled', async () => {
  // axe-core needs JavaScript in the page, so this run checks function only;
  // the same pages are checked by axe in the journey above.
  const person = { email: uniqueEmail('nojs'), name: 'Ohne Skript', password: 'kein-javascript-noetig' };
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await registerAndVerify(page, server, person);
    await follow(page, 'Anmelden', page.locator('main'));
    assert.equal(pathOf(page), '/login');
    await fillLogin(page, person);
    assert.equal(pathOf(page), '/');
    assert.equal(await flash(page), 'Sie sind angemeldet.');
    assert.equal(await text(page.locator('footer .signed-in')), `Angemeldet als ${person.name}`);
    await logout(page);
  });
});
