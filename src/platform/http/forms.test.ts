import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { translator } from '../i18n/index.js';
import { formErrorsOf } from './forms.js';

describe('which errors a form shows beside its fields', () => {
  const t = translator('fr');

  it('shows invalid input beside the field, renaming the API path to the form field it came from', () => {
    const shown = formErrorsOf(new AppError('validation_failed', 'bad', [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]), t, {
      '/personId': '/person',
    });
    expect(shown?.errors).toEqual([expect.objectContaining({ path: '/person', code: 'unknown_person' })]);
  });

  it('leaves a refusal about the reader to the error page, but shows beside its field one that names what the form holds', () => {
    expect(formErrorsOf(new AppError('forbidden', 'not yours'), t)).toBeNull();
    expect(formErrorsOf(new AppError('unauthenticated', 'sign in'), t)).toBeNull();
    const named = formErrorsOf(
      new AppError('self_appointment', 'nobody gives themself an office', [
        { path: '/personId', code: 'self_appointment', message: 'nobody gives themself an office' },
      ]),
      t,
      { '/personId': '/person' },
    );
    expect(named?.errors).toHaveLength(1);
    expect(named?.errors[0]!.path).toBe('/person');
    // In the reader's language, not the developer's message.
    expect(named?.errors[0]!.message).not.toBe('nobody gives themself an office');
  });
});
