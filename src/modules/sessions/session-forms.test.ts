import { describe, expect, it } from 'vitest';
import { render } from 'preact-render-to-string';
import { instantInZone, movedOrder, readDecisionForm } from './session-forms.js';
import { MinutesDocument, plainText } from './minutes-page.js';

describe('instantInZone: a wall-clock time of the association to a UTC instant', () => {
  it.each([
    ['2026-12-01', '20:00', 'Europe/Paris', '2026-12-01T19:00:00.000Z'],
    ['2026-07-15', '20:00', 'Europe/Paris', '2026-07-15T18:00:00.000Z'],
    ['2026-07-15', '20:00', 'America/Montreal', '2026-07-16T00:00:00.000Z'],
    ['2026-07-15', '00:00', 'UTC', '2026-07-15T00:00:00.000Z'],
    // Clocks go forward at 02:00 on 29 March: 02:30 does not exist and reads as 03:30 (RFC 5545).
    ['2026-03-29', '02:30', 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    // Clocks go back at 03:00 on 25 October: 02:30 happens twice, the first one counts.
    ['2026-10-25', '02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, instant) => {
    expect(instantInZone(date, time, zone)).toBe(instant);
  });

  it.each([
    ['2026-02-30', '20:00'],
    ['2026-12-01', '24:00'],
    ['2026-12-01', '8:00'],
    ['', '20:00'],
    ['2026-12-01', ''],
  ])('refuses %j %j', (date, time) => {
    expect(instantInZone(date, time, 'Europe/Paris')).toBeNull();
  });
});

describe('the forms of the session pages', () => {
  it('reads votes: none given records none, one given counts the others as zero', () => {
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted' }).input.votes).toBeUndefined();
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted', votesFor: '3' }).input.votes).toEqual({ for: 3, against: 0, abstain: 0 });
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted', votesFor: 'trois' }).errors).toEqual([
      { path: '/decision-a1-votes', code: 'invalid_number', message: 'whole numbers from 0 to 1000' },
    ]);
  });

  it('reads a decision on an agenda item by its id, offering the outcomes of a lapse review', () => {
    const read = readDecisionForm({ agendaItemId: 'i1', outcome: 'kept', rationale: ' Reprise annoncée ' });
    expect(read).toMatchObject({ target: { agendaItemId: 'i1' }, form: 'decision-i1', input: { outcome: 'kept', rationale: 'Reprise annoncée' }, errors: [] });
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'accepted' }).target).toEqual({ applicationId: 'a1' });
    // An application's outcome is not one of a lapse review's, and the reverse.
    expect(readDecisionForm({ agendaItemId: 'i1', outcome: 'accepted' }).errors.map((e) => e.path)).toEqual(['/decision-i1-outcome']);
    expect(readDecisionForm({ applicationId: 'a1', outcome: 'excluded' }).errors.map((e) => e.path)).toEqual(['/decision-a1-outcome']);
  });

  it('moves an item one step, and leaves the order alone at either end', () => {
    expect(movedOrder(['a', 'b', 'c'], 'c', 'up')).toEqual(['a', 'c', 'b']);
    expect(movedOrder(['a', 'b', 'c'], 'a', 'down')).toEqual(['b', 'a', 'c']);
    expect(movedOrder(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
    expect(movedOrder(['a', 'b'], 'z', 'up')).toBeNull();
  });

  it('renders the Markdown of the minutes: headings, lists, bold and quotes, people’s text kept as text', () => {
    const html = render(
      MinutesDocument({
        markdown:
          '# Procès-verbal\n\n- Décision : **acceptée**\n- Motif : \\<script\\>alert(1)\\</script\\> \\*\\*pas gras\\*\\*\n\n> Projet.\n\nUn 2 \\* 3 ** seul\n',
      }),
    );
    expect(html).toContain('<h1>Procès-verbal</h1>');
    expect(html).toContain('<li>Décision : <strong>acceptée</strong></li>');
    expect(html).toContain('<li>Motif : &lt;script>alert(1)&lt;/script> **pas gras**</li>');
    expect(html).toContain('<blockquote><p>Projet.</p></blockquote>');
    expect(html).toContain('<p>Un 2 * 3 ** seul</p>');
    expect(plainText('Candidature de Jean \\_Dupont\\_ **x**')).toBe('Candidature de Jean _Dupont_ x');
  });
});

/** A fresh person who set a password through the mailed reset link, logged in in their own browser. */
