import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPlausibleEmail, normaliseEmail, searchKey } from './text.js';

describe('searchKey', () => {
  it.each([
    ['Élodie', 'elodie'],
    ['ÉLODIE', 'elodie'],
    ['Œuvre', 'oeuvre'],
    ['cœur', 'coeur'],
    ['Æsir', 'aesir'],
    ['Jürgen', 'jurgen'],
    ['Müller', 'muller'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['François Lefèvre', 'francois lefevre'],
    ['Aïssatou N’Diaye', 'aissatou n’diaye'],
    ['Trần Minh', 'tran minh'],
    ['Siobhán', 'siobhan'],
    ['Zeynep Çelik', 'zeynep celik'],
    ['Noé García', 'noe garcia'],
    ['Łukasz Wałęsa', 'lukasz walesa'],
    ['Søren Kierkegaard', 'soren kierkegaard'],
    ['Đặng Thị', 'dang thi'],
    ['ﬁlm', 'film'],
    ['  Élodie \t  Dupont\n', 'elodie dupont'],
  ])('%j → %j', (value, expected) => {
    expect(searchKey(value)).toBe(expected);
  });

  it('joins the parts it is given, skipping empty and missing ones', () => {
    expect(searchKey('Élodie Dupont', 'Elodie.Dupont@Example.org', null, undefined, '', 'Élo')).toBe('elodie dupont elodie.dupont@example.org elo');
    expect(searchKey()).toBe('');
  });

  it('property: the key of a key is the same key (stored keys and typed queries meet)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (value) => {
        const key = searchKey(value);
        expect(searchKey(key)).toBe(key);
      }),
    );
  });

  it('property: case and accents never change the key of a Latin name', () => {
    const letters = 'aàâäbcçdeéèêëfghiîïjklmnoôöœpqrstuùûüvwxyÿzæ';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters, ' '), { maxLength: 20 }), (chars) => {
        const name = chars.join('');
        expect(searchKey(name.toUpperCase())).toBe(searchKey(name));
        expect(searchKey(name.normalize('NFD'))).toBe(searchKey(name));
        expect(searchKey(name)).toMatch(/^[a-z ]*$/);
      }),
    );
  });
});

describe('normaliseEmail', () => {
  it('ignores case and surrounding spaces', () => {
    expect(normaliseEmail('  Elodie.Dupont@EXAMPLE.org ')).toBe('elodie.dupont@example.org');
    expect(normaliseEmail('ELODIE.DUPONT@example.org')).toBe(normaliseEmail('elodie.dupont@example.org'));
  });
});

describe('isPlausibleEmail', () => {
  it.each(['elodie.dupont@example.org', 'jb+asso@mail.example.co.uk', 'a@b.fr', ' lea.roux@example.org ', 'élodie@exemple.fr', 'x_y-z@sub.domain.travel'])(
    'accepts %j',
    (email) => {
      expect(isPlausibleEmail(email)).toBe(true);
    },
  );

  it.each([
    ['no dot in the domain', 'lea.roux@example'],
    ['no @', 'lea.roux.example.org'],
    ['two @', 'lea@roux@example.org'],
    ['nothing before @', '@example.org'],
    ['a space inside', 'lea roux@example.org'],
    ['a one-letter top-level domain', 'lea@example.o'],
    ['a trailing dot', 'lea@example.org.'],
    ['empty', ''],
  ])('refuses %s: %j', (_label, email) => {
    expect(isPlausibleEmail(email)).toBe(false);
  });

  it('property: refuses anything without exactly one @', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (value) => {
        if ((value.match(/@/g) ?? []).length !== 1) expect(isPlausibleEmail(value)).toBe(false);
      }),
    );
  });
});
