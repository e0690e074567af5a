import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { buildAssociation, dialectUnderTest, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { mailbox } from '../../../test/mailbox.js';

describe(`Association settings the bureau changes (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('the bureau sets the request categories, and the request form offers them at once; the environment only seeds them', async () => {
    a = await buildAssociation({ config: { REQUEST_CATEGORIES: 'question,account,join' } });
    const before = await a.app.inject({ method: 'GET', url: '/requests/new', headers: { accept: 'text/html' } });
    expect(before.body).toContain('value="account"');

    const bureau = await a.actingAs('bureau');
    const page = await a.app.inject({ method: 'GET', url: '/admin/settings', headers: { accept: 'text/html', ...bureau.headers } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="question,account,join"');

    const saved = await a.app.inject({
      method: 'POST',
      url: '/admin/settings/association',
      headers: { ...bureau.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ version: '0', requestCategories: 'question,benevolat,join' }).toString(),
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const after = await a.app.inject({ method: 'GET', url: '/requests/new', headers: { accept: 'text/html' } });
    expect(after.body).toContain('value="benevolat"');
    expect(after.body).not.toContain('value="account"');
    const submitted = await a.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { email: 'x@example.org', category: 'benevolat', subject: 'Aider', message: 'Je voudrais aider.' },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);

    const audit = await a.app.inject({ method: 'GET', url: '/api/v1/audit?subjectType=association', headers: a.admin.headers });
    expect(JSON.stringify(audit.json())).toContain('settings.updated');
  });

  it('warns when a request category goes to a team with nobody on it, without refusing it', async () => {
    a = await buildAssociation();
    const bureau = await a.actingAs('bureau');
    const warning = 'Personne n’est dans l’équipe Communauté : la demande attendra.';
    const page = async () => (await a.app.inject({ method: 'GET', url: '/admin/settings', headers: { accept: 'text/html', ...bureau.headers } })).body;
    expect(await page()).toContain(warning);
    const p = await a.person({ displayName: 'Clara' });
    await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');
    expect(await page()).not.toContain(warning);
  });

  it('a save made through one instance is seen by another instance at its next request', async () => {
    a = await buildAssociation();
    const other = await buildApp({ database: a.database, config: a.config, clock: a.clock });
    try {
      const read = async (app: typeof a.app) => (await app.inject({ method: 'GET', url: '/requests/new', headers: { accept: 'text/html' } })).body;
      expect(await read(other.app)).toContain('value="moderation"');
      const current = await a.services.settings.current();
      await a.services.settings.update(system, { ...current.values, requestCategories: 'question,join' }, current.version);
      expect(await read(other.app)).not.toContain('value="moderation"');
      // The association's name too: no instance keeps a stale copy.
      await a.services.settings.updateAssociation(system, { name: 'Les Jardins', description: '' });
      expect(await read(other.app)).toContain('Les Jardins');
    } finally {
      await other.app.close();
    }
  });

  it('the mail footer the bureau sets closes every mail', async () => {
    a = await buildAssociation();
    const bureau = await a.actingAs('bureau');
    const res = await a.app.inject({
      method: 'POST',
      url: '/admin/settings/association',
      headers: { ...bureau.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ mailFooter: 'TeDomum, 1 rue du Port, 29200 Brest' }).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    const visitor = a.browser();
    await visitor.get('/password/forgot');
    await visitor.post('/password/forgot', { email: a.admin.email });
    const [mail] = await mailbox(a, a.admin.email);
    expect(mail.body).toMatch(/\n-- \nTeDomum, 1 rue du Port, 29200 Brest$/);
  });

  it('the public page shows the texts the bureau wrote, in the reader’s language', async () => {
    a = await buildAssociation();
    const bureau = await a.actingAs('bureau');
    await a.app.inject({
      method: 'POST',
      url: '/admin/settings/association',
      headers: { ...bureau.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ joinTextFr: 'Venez au local le jeudi.', joinTextEn: 'Come by on Thursdays.' }).toString(),
    });
    expect((await a.app.inject({ method: 'GET', url: '/?lang=fr', headers: { accept: 'text/html' } })).body).toContain('Venez au local le jeudi.');
    expect((await a.app.inject({ method: 'GET', url: '/?lang=en', headers: { accept: 'text/html' } })).body).toContain('Come by on Thursdays.');
  });

  it('server settings are shown read-only, with secrets and the credentials in addresses hidden', async () => {
    a = await buildAssociation({ config: { SMTP_URL: 'smtp://mailer:hunter2-smtp@mail.example.org:587', MATRIX_ACCESS_TOKEN: 'syt_secret_matrix_token' } });
    const page = await a.app.inject({ method: 'GET', url: '/admin/settings', headers: { accept: 'text/html', ...a.admin.headers } });
    expect(page.body).toContain('smtp://***@mail.example.org:587');
    for (const secret of ['hunter2-smtp', 'mailer:', 'syt_secret_matrix_token', a.config.EQUIPAGE_SECRET]) expect(page.body).not.toContain(secret);
    expect(page.body).toContain('défini (masqué)');
    // Nothing on the page edits them.
    expect(page.body).not.toMatch(/name="SMTP_URL"|name="EQUIPAGE_SECRET"/);
  });

  it('a stale settings form changes nothing and says someone saved meanwhile', async () => {
    a = await buildAssociation();
    const bureau = await a.actingAs('bureau');
    const post = (fields: Record<string, string>) =>
      a.app.inject({
        method: 'POST',
        url: '/admin/settings/association',
        headers: { ...bureau.headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await post({ version: '0', mailFooter: 'Premier' })).statusCode).toBe(303);
    const before = await stateFingerprint(a);
    const stale = await post({ version: '0', mailFooter: 'Second' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Quelqu’un a enregistré ces réglages entre-temps');
    expect(await stateFingerprint(a)).toBe(before);
    expect((await a.services.settings.current()).values.mailFooter).toBe('Premier');
  });
});

describe(`The menu (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  const menuOf = async (headers: Record<string, string>) => {
    const body = (await a.app.inject({ method: 'GET', url: '/equipe', headers: { accept: 'text/html', ...headers } })).body;
    const nav = body.slice(body.indexOf('<nav'), body.indexOf('</nav>'));
    return { nav, links: [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]), body };
  };

  it('shows each person only what they may use, the members’ register included for those who may read it', async () => {
    a = await buildAssociation();
    const visitor = await menuOf({});
    expect(visitor.links).toEqual(['/', '/equipe', '/requests/new', '/login', '/equipe?lang=en']);

    const person = await menuOf((await a.actingAs('person')).headers);
    expect(person.links).not.toContain('/members');
    expect(person.links).not.toContain('/admin/settings');
    expect(person.links).not.toContain('/audit');

    const bureau = await menuOf((await a.actingAs('bureau')).headers);
    expect(bureau.links).toContain('/members');
    expect(bureau.links).toContain('/admin/settings');
    expect(bureau.links).toContain('/bureau/sessions');
  });

  it('is one collapsible menu that works without a script: a <details> element, and no inline script on the page', async () => {
    a = await buildAssociation();
    const admin = await menuOf(a.admin.headers);
    expect(admin.nav.match(/<details/g)).toHaveLength(1);
    expect(admin.nav).toContain('<summary>Menu</summary>');
    // Home and at most three pages in the bar; the rest only in the menu.
    expect(admin.nav.match(/class="nav-primary"/g)!.length).toBeLessThanOrEqual(3);
    expect(admin.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(admin.body).not.toMatch(/\son[a-z]+="/);
  });
});
