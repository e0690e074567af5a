import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideRosterAddition, isTeamSlug, type TeamRole } from './rules.js';

describe('decideRosterAddition', () => {
  it.each<[TeamRole | null, TeamRole, ReturnType<typeof decideRosterAddition>]>([
    [null, 'member', { kind: 'add', role: 'member' }],
    [null, 'lead', { kind: 'add', role: 'lead' }],
    ['member', 'lead', { kind: 'change', from: 'member', to: 'lead' }],
    ['lead', 'member', { kind: 'change', from: 'lead', to: 'member' }],
  ])('%s → %s', (current, wanted, expected) => {
    expect(decideRosterAddition(current, wanted)).toEqual(expected);
  });

  it.each<TeamRole>(['member', 'lead'])('refuses adding a %s who already has that role with already_on_team', (role) => {
    expect(decideRosterAddition(role, role)).toMatchObject({ code: 'already_on_team' });
  });
});

describe('isTeamSlug', () => {
  it.each(['technique', 'communaute', 'a', '7', 'team-42', 'a1', 'x'.repeat(40), 'les-petits-plats'])('accepts %j', (slug) => {
    expect(isTeamSlug(slug)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['capitals', 'Technique'],
    ['an accent', 'communauté'],
    ['a space', 'les amis'],
    ['a leading dash', '-tech'],
    ['a trailing dash', 'tech-'],
    ['an underscore', 'tech_team'],
    ['a slash', 'a/b'],
    ['a dot', 'a.b'],
    ['41 characters', 'x'.repeat(41)],
    ['a trailing newline', 'tech\n'],
  ])('refuses %s', (_label, slug) => {
    expect(isTeamSlug(slug)).toBe(false);
  });

  it('property: a slug is 1 to 40 lower-case letters, digits and dashes, neither starting nor ending with a dash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 45 }), fc.stringMatching(/^[a-z0-9-]{0,42}$/)), (value) => {
        const expected = /^[a-z0-9-]+$/.test(value) && value.length <= 40 && !value.startsWith('-') && !value.endsWith('-');
        expect(isTeamSlug(value)).toBe(expected);
        if (expected) expect(encodeURIComponent(value)).toBe(value);
      }),
    );
  });

  it('property: every lower-case word joined by single dashes, up to 40 characters, is a slug', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 5 }), (words) => {
        const slug = words.join('-');
        expect(isTeamSlug(slug)).toBe(slug.length <= 40);
      }),
    );
  });
});
