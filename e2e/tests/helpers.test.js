'use strict';
// Self-tests of the test helpers: the mail parser, the third-party request
// guard and the axe check must really catch what they are meant to catch.
// No mitreden server is needed: pages are served by request interception.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');

const { parseEml, extractLink } = require('../lib/server');
const { launchBrowser, openPage, checkA11y } = require('../lib/browser');

const FAKE_APP = { baseURL: 'http://app.test', origin: 'http://app.test' };

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

/** A context whose requests to the fake app are answered with `html`. */
async function fakePage(html) {
  const opened = await openPage(browser, FAKE_APP);
  await opened.context.route(
    (url) => url.origin === FAKE_APP.origin,
    (route) => {
      const { pathname } = new URL(route.request().url());
      if (pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    },
  );
  return opened;
}

test('quoted-printable mails are decoded before links are searched', () => {
  const eml = Buffer.from(
    [
      'From: mitreden <noreply@mitreden.invalid>',
      'To: Erika <erika@example.org>',
      'Subject: Bitte =?utf-8?b?YmVzdMOkdGlnZW4=?= Sie',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Hallo Erika M=C3=BCller,',
      '',
      'http://127.0.0.1:4000/verify/0123456789abcdef0123456789abcdef0123456789abcdef=',
      '0123456789abcdef?x=3Dy',
      '',
    ].join('\r\n'),
  );
  const mail = { name: 'test.eml', ...parseEml(eml) };
  assert.deepEqual(mail.to, ['erika@example.org']);
  assert.equal(mail.subject, 'Bitte bestätigen Sie');
  assert.match(mail.body, /Hallo Erika Müller,/);
  assert.equal(
    extractLink(mail, /http:\/\/127\.0\.0\.1:4000\/verify\/[0-9a-f]{64}\?x=y/),
    'http://127.0.0.1:4000/verify/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef?x=y',
  );
});

test('the request guard catches and blocks requests to other hosts', async () => {
  const { context, page, guard } = await fakePage(
    '<!doctype html><html lang="de"><head><title>t</title>' +
      '<link rel="stylesheet" href="https://cdn.example.net/style.css"></head>' +
      '<body><main><h1>t</h1><img src="https://tracker.example.com/pixel.gif" alt=""></main></body></html>',
  );
  try {
    await page.goto('/');
    await page.waitForLoadState('load');
    assert.deepEqual(
      guard.foreign.map((r) => r.split(' ')[1]).sort(),
      ['https://cdn.example.net/style.css', 'https://tracker.example.com/pixel.gif'],
    );
    assert.throws(() => guard.assertClean(), /Requests to hosts other than http:\/\/app\.test/);
  } finally {
    await context.close();
  }
});

test('the axe check fails with a readable list of violations', async () => {
  const { context, page } = await fakePage(
    '<!doctype html><html><head><title>t</title></head><body><main><h1>t</h1>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
      '<input type="text" name="q"></main></body></html>',
  );
  try {
    await page.goto('/');
    await assert.rejects(checkA11y(page, 'broken page', { save: false }), (err) => {
      assert.match(err.message, /violation\(s\) on broken page \(\/\)/);
      for (const rule of ['html-has-lang', 'image-alt', 'label']) assert.match(err.message, new RegExp(`\\b${rule}\\b`));
      assert.match(err.message, /element img/);
      return true;
    });
  } finally {
    await context.close();
  }
});
