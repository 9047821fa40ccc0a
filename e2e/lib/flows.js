'use strict';
// Navigation helpers and the steps several tests share (register, verify,
// log in, log out). They wait for page loads, never for fixed times.

const assert = require('node:assert/strict');

let counter = 0;

/** A fresh, unique e-mail address for a test person. */
function uniqueEmail(prefix) {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.org`;
}

/**
 * Runs `action` (a click that submits a form or follows a link) and waits
 * until the main frame has loaded the resulting document. Returns the last
 * main-frame document response (after redirects), so its status can be checked.
 */
async function navigate(page, action) {
  const responses = [];
  const onResponse = (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) responses.push(res);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), action()]);
  } finally {
    page.off('response', onResponse);
  }
  assert.ok(responses.length > 0, `no document was loaded after the action on ${page.url()}`);
  return responses[responses.length - 1];
}

/** Clicks a button (by accessible name, optionally inside `scope`) and waits for the next page. */
function submit(page, buttonName, scope = page) {
  const button = scope.getByRole('button', { name: buttonName, exact: true });
  return navigate(page, () => button.click());
}

/** Clicks a link (by accessible name, optionally inside `scope`) and waits for the next page. */
function follow(page, linkName, scope = page) {
  const link = scope.getByRole('link', { name: linkName, exact: true });
  return navigate(page, () => link.click());
}

/** Text of an element with white space collapsed and Unicode bidi isolation marks removed. */
async function text(locator) {
  const t = await locator.innerText();
  return normalize(t);
}

function normalize(s) {
  return s.replace(/[\u2066-\u2069\u200e\u200f]/g, '').replace(/\s+/g, ' ').trim();
}

async function heading(page) {
  return text(page.locator('h1'));
}

/** The flash message (role=status) of the current page, or null. */
async function flash(page) {
  const loc = page.locator('.flash[role="status"]');
  if ((await loc.count()) === 0) return null;
  return text(loc);
}

function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname;
}

/** Fills the registration form on /register and submits it. Returns the response. */
async function fillRegistration(page, { email, name, password }) {
  await page.locator('#email').fill(email);
  await page.locator('#display_name').fill(name);
  await page.locator('#password').fill(password);
  return submit(page, 'Konto anlegen');
}

/** Fills the login form on /login and submits it. Returns the response. */
async function fillLogin(page, { email, password }) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  return submit(page, 'Anmelden', page.locator('main'));
}

const VERIFY_LINK = (server) => new RegExp(`${escapeRegExp(server.baseURL)}/verify/[0-9a-f]{64}(?![0-9a-zA-Z])`);
const EMAIL_CHANGE_LINK = (server) =>
  new RegExp(`${escapeRegExp(server.baseURL)}/settings/email/confirm/[A-Za-z0-9_-]+`);
/** The pages a verification link and an address change's link open. */
const VERIFY_PAGE = { heading: 'E-Mail-Adresse bestätigen', button: 'Adresse bestätigen' };
const EMAIL_CHANGE_PAGE = { heading: 'Neue E-Mail-Adresse bestätigen', button: 'Neue Adresse bestätigen' };
const RESET_LINK = (server) => new RegExp(`${escapeRegExp(server.baseURL)}/password/reset/[A-Za-z0-9_-]+`);

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens a one-time link from a mail and presses the page's button: opening
 * the link alone changes nothing (mail systems' link scanners open links),
 * only the button's POST uses it. `onPage(label)` sees the page before the
 * click. Returns the response of the POST.
 */
async function confirmLink(page, link, { heading: expected, button }, onPage = async () => {}) {
  const opened = await page.goto(link);
  assert.equal(opened.status(), 200);
  assert.equal(await heading(page), expected);
  await onPage();
  return submit(page, button, page.locator('main'));
}

/**
 * Registers a person through the UI and opens the verification link from
 * the outbox. Leaves the page on the "E-Mail-Adresse bestätigt" page.
 * `onPage(label)` is called on every page shown (for axe checks).
 */
async function registerAndVerify(page, server, person, onPage = async () => {}) {
  await page.goto('/register');
  await onPage('register');
  const seen = server.mailFiles();
  const res = await fillRegistration(page, person);
  assert.equal(pathOf(page), '/register/done', `registration did not succeed (HTTP ${res.status()})`);
  assert.equal(await heading(page), 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
  await onPage('register done');
  const link = await server.waitForLink(person.email, VERIFY_LINK(server), { ignore: seen });
  const verified = await confirmLink(page, link, VERIFY_PAGE, () => onPage('verify'));
  assert.equal(verified.status(), 200);
  assert.equal(await heading(page), 'E-Mail-Adresse bestätigt');
  await onPage('verified');
  return link;
}

/** Logs in through /login and checks the result. */
async function login(page, person) {
  await page.goto('/login');
  await fillLogin(page, person);
  // Staff and administrators start on their dashboard, everyone else on the start page.
  assert.ok(['/', '/staff/dashboard'].includes(pathOf(page)), `login as ${person.email} did not redirect to / or the dashboard (now ${page.url()})`);
  assert.equal(await flash(page), 'Sie sind angemeldet.');
}

/**
 * On a narrow screen the header's entries fold behind the menu button
 * (a <summary> without JavaScript, a button with aria-expanded with it):
 * opens it if it is shown and closed.
 */
async function openMenu(page) {
  const toggle = page.locator('header .menu-toggle');
  if (!(await toggle.isVisible())) return;
  const expanded = await toggle.getAttribute('aria-expanded');
  const open = expanded === null ? await page.locator('header details.menu').evaluate((d) => d.open) : expanded === 'true';
  if (!open) await toggle.click();
}

/** Logs out with the header button and checks the result. */
async function logout(page) {
  await openMenu(page);
  await submit(page, 'Abmelden', page.locator('header'));
  assert.equal(pathOf(page), '/');
  assert.equal(await flash(page), 'Sie sind abgemeldet.');
}

module.exports = {
  openMenu,
  uniqueEmail,
  navigate,
  submit,
  follow,
  text,
  normalize,
  heading,
  flash,
  pathOf,
  fillRegistration,
  fillLogin,
  confirmLink,
  registerAndVerify,
  login,
  logout,
  VERIFY_LINK,
  RESET_LINK,
  EMAIL_CHANGE_LINK,
  VERIFY_PAGE,
  EMAIL_CHANGE_PAGE,
};
