import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayNameFromLastFirst, newPersonRow, optionalText, personInputErrors, type PersonInput } from './rules.js';
import { searchKey } from '../../platform/text.js';

const valid = { displayName: 'Élodie Dupont', email: 'elodie.dupont@example.org' };
const errorsOf = (input: PersonInput, partial = false) => personInputErrors(input, partial).map((e) => `${e.path} ${e.code}`);

describe('personInputErrors', () => {
  it('accepts a complete, valid person', () => {
    expect(
      errorsOf({
        ...valid,
        locale: 'en',
        pseudonym: 'élo',
        pronouns: 'elle',
        matrixId: '@elodie:matrix.example.org',
        xmppJid: 'elodie@jabber.example.org',
        publicConsent: true,
      }),
    ).toEqual([]);
  });

  it.each<[string, PersonInput, string[]]>([
    ['no display name', { email: valid.email }, ['/displayName required']],
    ['a blank display name', { ...valid, displayName: '   ' }, ['/displayName required']],
    ['a display name of 120 characters', { ...valid, displayName: 'a'.repeat(120) }, []],
    ['a display name of 121 characters', { ...valid, displayName: 'a'.repeat(121) }, ['/displayName too_long']],
    ['a display name padded to 121 with spaces', { ...valid, displayName: ` ${'a'.repeat(120)} ` }, []],
    ['no email', { displayName: valid.displayName }, ['/email required']],
    ['a blank email', { ...valid, email: ' ' }, ['/email required']],
    ['an email without a domain dot', { ...valid, email: 'lea.roux@example' }, ['/email invalid_email']],
    ['an email with a space', { ...valid, email: 'lea roux@example.org' }, ['/email invalid_email']],
    ['an email with two @', { ...valid, email: 'lea@roux@example.org' }, ['/email invalid_email']],
    ['an email padded with spaces', { ...valid, email: '  lea.roux@example.org ' }, []],
    ['an email longer than 254 characters', { ...valid, email: `${'a'.repeat(64)}@${'b'.repeat(190)}.org` }, ['/email invalid_email']],
    ['locale fr', { ...valid, locale: 'fr' }, []],
    ['locale en', { ...valid, locale: 'en' }, []],
    ['locale de', { ...valid, locale: 'de' }, ['/locale invalid_locale']],
    ['locale FR', { ...valid, locale: 'FR' }, ['/locale invalid_locale']],
    ['a pseudonym of 60 characters', { ...valid, pseudonym: 'p'.repeat(60) }, []],
    ['a pseudonym of 61 characters', { ...valid, pseudonym: 'p'.repeat(61) }, ['/pseudonym too_long']],
    ['no pseudonym (null)', { ...valid, pseudonym: null }, []],
    ['pronouns of 40 characters', { ...valid, pronouns: 'x'.repeat(40) }, []],
    ['pronouns of 41 characters', { ...valid, pronouns: 'x'.repeat(41) }, ['/pronouns too_long']],
    ['a Matrix ID', { ...valid, matrixId: '@elodie.dupont:matrix.org' }, []],
    ['a Matrix ID with a port', { ...valid, matrixId: '@elodie:matrix.example.org:8448' }, []],
    ['a Matrix ID without @', { ...valid, matrixId: 'elodie:matrix.org' }, ['/matrixId invalid_matrix_id']],
    ['a Matrix ID without server', { ...valid, matrixId: '@elodie' }, ['/matrixId invalid_matrix_id']],
    ['a Matrix ID with a space', { ...valid, matrixId: '@élo die:matrix.org' }, ['/matrixId invalid_matrix_id']],
    ['an XMPP address', { ...valid, xmppJid: 'elodie@jabber.fr' }, []],
    ['an XMPP address without a domain dot', { ...valid, xmppJid: 'elodie@localhost' }, ['/xmppJid invalid_xmpp_jid']],
    ['an XMPP address with a resource', { ...valid, xmppJid: 'elodie@jabber.fr/phone' }, ['/xmppJid invalid_xmpp_jid']],
    ['an XMPP address without @', { ...valid, xmppJid: 'jabber.fr' }, ['/xmppJid invalid_xmpp_jid']],
    ['empty optional fields', { ...valid, pseudonym: '', pronouns: '', matrixId: '', xmppJid: '' }, []],
  ])('%s → %j', (_label, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ displayName: '', email: 'nope', locale: 'xx', matrixId: 'x', xmppJid: 'y' })).toEqual([
      '/displayName required',
      '/email invalid_email',
      '/locale invalid_locale',
      '/matrixId invalid_matrix_id',
      '/xmppJid invalid_xmpp_jid',
    ]);
  });

  describe('partial edits', () => {
    it('keeps absent fields as they are: an empty edit is valid', () => {
      expect(errorsOf({}, true)).toEqual([]);
      expect(errorsOf({ pronouns: 'iel' }, true)).toEqual([]);
    });

    it('still checks the fields the edit sends', () => {
      expect(errorsOf({ displayName: '' }, true)).toEqual(['/displayName required']);
      expect(errorsOf({ email: '' }, true)).toEqual(['/email required']);
      expect(errorsOf({ email: 'lea.roux@example' }, true)).toEqual(['/email invalid_email']);
      expect(errorsOf({ locale: 'es' }, true)).toEqual(['/locale invalid_locale']);
      expect(errorsOf({ matrixId: 'elodie' }, true)).toEqual(['/matrixId invalid_matrix_id']);
      expect(errorsOf({ requestNotifications: 'weekly' }, true)).toEqual(['/requestNotifications invalid_request_notifications']);
    });

    it('a full record requires what a partial edit may leave out', () => {
      expect(errorsOf({ pronouns: 'iel' }, false)).toEqual(['/displayName required', '/email required']);
    });
  });

  it('property: a valid record stays valid as a partial edit of any subset of its fields', () => {
    const full: Required<PersonInput> = {
      displayName: 'Aïssatou N’Diaye',
      email: 'aissatou@example.org',
      locale: 'en',
      pseudonym: 'Aïssa',
      pronouns: 'elle',
      matrixId: '@aissatou:example.org',
      xmppJid: 'aissatou@example.org',
      publicConsent: false,
      requestNotifications: 'daily',
    };
    fc.assert(
      fc.property(fc.subarray(Object.keys(full) as (keyof PersonInput)[]), (fields) => {
        const edit = Object.fromEntries(fields.map((f) => [f, full[f]])) as PersonInput;
        expect(personInputErrors(edit, true)).toEqual([]);
      }),
    );
  });
});

describe('displayNameFromLastFirst', () => {
  it.each([
    ['DUPONT Élodie', 'Élodie Dupont'],
    ["N'DIAYE Aïssatou", "Aïssatou N'Diaye"],
    ['N’DIAYE Aïssatou', 'Aïssatou N’Diaye'],
    ['MARTIN Jean-Baptiste', 'Jean-Baptiste Martin'],
    ["O'BRIEN Siobhán", "Siobhán O'Brien"],
    ['TRẦN Minh', 'Minh Trần'],
    ['GARCÍA Noé', 'Noé García'],
    ['ÇELIK Zeynep', 'Zeynep Çelik'],
    ['LEFÈVRE François', 'François Lefèvre'],
    ['SAINT-EXUPÉRY Antoine', 'Antoine Saint-Exupéry'],
    ['LE GALL Yann', 'Yann Le Gall'],
    ['DUPONT Marie Claire', 'Marie Claire Dupont'],
    ['  DUPONT   Élodie ', 'Élodie Dupont'],
  ])('%s → %s', (value, expected) => {
    expect(displayNameFromLastFirst(value)).toBe(expected);
  });

  it.each([
    ['a name with no capitals', 'élodie dupont'],
    ['a name already written first-last', 'Élodie Dupont'],
    ['a name entirely in capitals (no first name to tell apart)', 'DUPONT ÉLODIE'],
    ['a single family name', 'DUPONT'],
    ['a single first name', 'Élodie'],
  ])('leaves %s alone', (_label, value) => {
    expect(displayNameFromLastFirst(value)).toBe(value);
  });

  const familyWord = fc.stringMatching(/^[A-ZÉÈÀÇÏ][A-ZÉÈÀÇÏ'-]{0,10}$/);
  const givenWord = fc.stringMatching(/^[A-ZÉ][a-zéèàçïü]{1,10}(-[A-ZÉ][a-zéèàçïü]{1,10})?$/);

  it('property: keeps every word, letters unchanged but for case, given names first', () => {
    fc.assert(
      fc.property(fc.array(familyWord, { minLength: 1, maxLength: 3 }), fc.array(givenWord, { minLength: 1, maxLength: 3 }), (family, given) => {
        const result = displayNameFromLastFirst([...family, ...given].join(' '));
        expect(result.split(' ').slice(0, given.length)).toEqual(given);
        expect(
          result
            .split(' ')
            .slice(given.length)
            .map((w) => w.toUpperCase()),
        ).toEqual(family);
      }),
    );
  });

  it('property: a name without any capital letter comes back as it was (trimmed)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zéèàçïü' -]{0,30}$/), (value) => {
        expect(displayNameFromLastFirst(value)).toBe(value.trim());
      }),
    );
  });
});

describe('newPersonRow', () => {
  const now = '2024-05-01T12:00:00.000Z';
  const id = '01900000-0000-7000-8000-000000000000';

  it('derives the keys that search, sort and uniqueness use', () => {
    const row = newPersonRow(id, { displayName: '  Élodie Dupont ', email: ' Elodie.Dupont@Example.org ', pseudonym: ' Élo ' }, now);
    expect(row).toMatchObject({
      id,
      display_name: 'Élodie Dupont',
      email: 'Elodie.Dupont@Example.org',
      email_normalized: 'elodie.dupont@example.org',
      pseudonym: 'Élo',
      // The name and the pseudonym only: the email is hidden from most who search.
      search_key: 'elodie dupont elo',
      sort_key: 'elodie dupont',
      created_at: now,
      updated_at: now,
      version: 1,
    });
  });

  it('stores empty optional text as null, and defaults', () => {
    const row = newPersonRow(id, { ...valid, pseudonym: '  ', pronouns: '', matrixId: undefined, xmppJid: null }, now);
    expect(row).toMatchObject({ pseudonym: null, pronouns: null, matrix_id: null, xmpp_jid: null, locale: 'fr', public_consent: 0 });
    expect(row.search_key).toBe('elodie dupont');
  });

  it('keeps English and consent when asked', () => {
    const row = newPersonRow(id, { ...valid, locale: 'en', publicConsent: true, matrixId: ' @elodie:matrix.org ' }, now);
    expect(row).toMatchObject({ locale: 'en', public_consent: 1, matrix_id: '@elodie:matrix.org' });
  });

  it('has exactly the columns of the people table', () => {
    expect(Object.keys(newPersonRow(id, valid, now)).sort()).toEqual(
      [
        'id',
        'display_name',
        'email',
        'email_normalized',
        'pseudonym',
        'pronouns',
        'locale',
        'matrix_id',
        'xmpp_jid',
        'public_consent',
        'search_key',
        'sort_key',
        'created_at',
        'updated_at',
        'version',
        'erased_at',
        'request_notifications',
        'erased_by',
      ].sort(),
    );
  });

  it('property: finds the person by any part of their name, without regard to case or accents', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-zÉéèÀàÇçŒœÜü]{1,12}( [A-Za-zÉéèÀàÇçŒœÜü]{1,12}){0,2}$/), (name) => {
        const row = newPersonRow(id, { displayName: name, email: 'x@example.org' }, now);
        for (const word of name.split(' ')) expect(row.search_key).toContain(searchKey(word.toUpperCase()));
        expect(row.sort_key).toBe(searchKey(name));
        expect(row.sort_key).toBe(row.sort_key.toLowerCase());
      }),
    );
  });
});

describe('optionalText', () => {
  it.each([
    [undefined, undefined],
    [null, null],
    ['', null],
    ['   ', null],
    [' iel ', 'iel'],
  ])('%j → %j', (value, expected) => {
    expect(optionalText(value)).toBe(expected);
  });
});
