import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, type TestAssociation } from './harness.js';

/**
 * Pages show instants in the association's time zone (TIMEZONE), not in the server's nor in a
 * zone written in the code: an association in Montréal reads its audit log in its own hours.
 */
describe('TIMEZONE', () => {
  const opened: TestAssociation[] = [];
  afterEach(async () => {
    for (const a of opened.splice(0)) await a.close();
  });

  async function auditPage(timeZone: string | null): Promise<{ html: string; at: string }> {
    const a = await buildAssociation(timeZone ? { config: { TIMEZONE: timeZone } } : {});
    opened.push(a);
    const api = await a.app.inject({ method: 'GET', url: '/api/v1/audit?limit=1', headers: a.admin.headers });
    const at = (api.json() as { items: { at: string }[] }).items[0].at;
    const page = await a.app.inject({ method: 'GET', url: '/audit', headers: { ...a.admin.headers, 'accept-language': 'fr' } });
    expect(page.statusCode).toBe(200);
    return { html: page.body, at };
  }

  const shown = (at: string, timeZone: string) =>
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(at)).replace(/ /g, ' ');

  it('the audit page shows each instant in the configured zone', async () => {
    const { html, at } = await auditPage('America/Montreal');
    const text = html.replace(/ /g, ' ');
    expect(text).toContain(shown(at, 'America/Montreal'));
    expect(text).not.toContain(shown(at, 'Europe/Paris'));
  });

  it('without TIMEZONE, the default zone is Europe/Paris', async () => {
    const { html, at } = await auditPage(null);
    expect(html.replace(/ /g, ' ')).toContain(shown(at, 'Europe/Paris'));
  });
});
