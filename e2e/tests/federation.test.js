'use strict';
// Federation in the browser: a process page names the fediverse handle to
// follow; staff answer an idea, which the process posts to the fediverse; a
// reply to that post from a fediverse account (a small server started here,
// with its own RSA key, signing its delivery as Mastodon does) shows in the
// process discussion with its origin mark. axe-core (WCAG 2.1 A/AA) runs on
// every page shown.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');

const { startServer } = require('../lib/server');
const { launchBrowser, openPage, A11yLog, screenshot } = require('../lib/browser');
const { submit, follow, flash, pathOf, login, text } = require('../lib/flows');

const ADMIN = { email: 'admin@mitreden.example', password: 'mitreden-demo' };
const PROCESS = 'Mehr Platz fürs Rad: Radverkehrskonzept Altona';
const IDEA = 'Fahrradstraße in der Großen Brunnenstraße';
const ANSWER = 'Wir prüfen die Fahrradstraße mit der Verkehrsbehörde.';
const REPLY = 'Danke! Die Nachbarschaft freut sich auf die Fahrradstraße.';
const ACTIVITY_JSON = 'application/activity+json';

let server;
let browser;
let remote;

/**
 * A fediverse account on a server of its own: its actor document with its
 * public key, and an inbox that takes everything.
 */
function startRemote() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const srv = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/users/lena') {
      res.writeHead(200, { 'content-type': ACTIVITY_JSON });
      res.end(JSON.stringify(remote.document()));
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 202 : 404);
      res.end();
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${srv.address().port}`;
      const actor = `${base}/users/lena`;
      resolve({
        srv,
        base,
        actor,
        privateKey,
        document: () => ({
          '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
          id: actor,
          type: 'Person',
          preferredUsername: 'lena',
          inbox: `${actor}/inbox`,
          url: `${base}/@lena`,
          publicKey: { id: `${actor}#main-key`, owner: actor, publicKeyPem: publicKey },
        }),
      });
    });
  });
}

/** POSTs `activity` to `inbox` with a draft-cavage HTTP signature, as Mastodon signs. */
async function deliverSigned(inbox, activity) {
  const url = new URL(inbox);
  const body = JSON.stringify(activity);
  const date = new Date().toUTCString();
  const digest = `SHA-256=${crypto.createHash('sha256').update(body).digest('base64')}`;
  const signed = [
    `(request-target): post ${url.pathname}`,
    `host: ${url.host}`,
    `date: ${date}`,
    `digest: ${digest}`,
  ].join('\n');
  const signature = crypto.sign('sha256', Buffer.from(signed), remote.privateKey).toString('base64');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      date,
      digest,
      'content-type': ACTIVITY_JSON,
      signature:
        `keyId="${remote.actor}#main-key",algorithm="rsa-sha256",` +
        `headers="(request-target) host date digest",signature="${signature}"`,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function getActivity(url) {
  const res = await fetch(url, { headers: { accept: ACTIVITY_JSON } });
  assert.equal(res.status, 200, `GET ${url}`);
  return res.json();
}

before(async () => {
  server = await startServer({ extraArgs: ['--federation-allow-private'] });
  browser = await launchBrowser();
  remote = await startRemote();
});

after(async () => {
  if (browser) await browser.close();
  if (remote) remote.srv.close();
  if (server) await server.stop();
});

test('a reply from the fediverse shows with its origin in the process discussion', async () => {
  const a11y = new A11yLog();
  const staff = await openPage(browser, server);
  const visitor = await openPage(browser, server);
  try {
    // The administrator answers an idea of the demo's cycling process.
    const page = staff.page;
    await login(page, ADMIN);
    await page.goto('/processes');
    await follow(page, PROCESS);
    const m = pathOf(page).match(/^\/processes\/(\d+)$/);
    assert.ok(m, `the process page (now ${page.url()})`);
    const processId = Number(m[1]);
    await page.goto(`/processes/${processId}/ideas`);
    await follow(page, IDEA);
    await page.locator('#staff-status').selectOption({ label: 'In Prüfung' });
    await page.locator('#staff-answer').fill(ANSWER);
    await submit(page, 'Status ändern und Antwort veröffentlichen', page.locator('section.staff-panel'));
    assert.equal(await flash(page), 'Der Status wurde geändert und die Antwort veröffentlicht.');

    // The answer is the process's newest post in the fediverse.
    const actorUrl = server.url(`/ap/processes/${processId}`);
    const outbox = await getActivity(`${actorUrl}/outbox`);
    const note = outbox.orderedItems[0].object;
    assert.match(note.content, /Wir prüfen die Fahrradstraße/);

    // Lena replies from her server; the inbox checks her signature against
    // her actor document.
    const reply = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${remote.actor}/statuses/1/activity`,
      type: 'Create',
      actor: remote.actor,
      object: {
        id: `${remote.actor}/statuses/1`,
        type: 'Note',
        attributedTo: remote.actor,
        inReplyTo: note.id,
        url: `${remote.base}/@lena/1`,
        content: `<p>${REPLY}</p>`,
      },
    };
    assert.equal(await deliverSigned(`${actorUrl}/inbox`, reply), 202);

    // Anyone sees it in the discussion, marked with its origin, and the
    // process's handle to follow it from the fediverse.
    const v = visitor.page;
    await v.goto(`/processes/${processId}`);
    const host = new URL(server.baseURL).host;
    const handle = v.getByText(`@process-${processId}@${host}`);
    assert.ok((await handle.count()) >= 1, 'the process page names its fediverse handle');
    assert.match(await text(v.locator('body')), new RegExp(`Im Fediverse folgen: @process-${processId}@`));
    const comment = v.locator('article', { hasText: REPLY }).last();
    assert.equal(await comment.count(), 1, 'the reply is in the discussion');
    const origin = comment.locator('a.comment-origin');
    assert.equal(await origin.getAttribute('href'), `${remote.base}/@lena/1`);
    assert.match(await text(origin), /aus dem Fediverse/);
    assert.match(await text(comment), /@lena@127\.0\.0\.1/);
    await comment.scrollIntoViewIfNeeded();
    await a11y.check(v, 'process page with a reply from the fediverse');
    await screenshot(v, 'federation-reply');
    a11y.assertClean();
  } finally {
    await staff.context.close();
    await visitor.context.close();
  }
});
