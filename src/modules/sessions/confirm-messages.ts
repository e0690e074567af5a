import { defineMessages } from '../../platform/i18n/catalogue.js';

/** What closing a session will do, said before it is done (acts that can't be undone are confirmed). */
export const sessionsConfirmMessages = defineMessages(
  {
    'sessions.close.confirm.title': 'Clore la séance du {date} ?',
    'sessions.close.confirm.decisions.one': '{count} décision enregistrée devient définitive et figure au procès-verbal.',
    'sessions.close.confirm.decisions.other': '{count} décisions enregistrées deviennent définitives et figurent au procès-verbal.',
    'sessions.close.confirm.carried.one': '{count} point non décidé passe à la séance suivante.',
    'sessions.close.confirm.carried.other': '{count} points non décidés passent à la séance suivante.',
    'sessions.close.confirm.frozen': 'La séance ne pourra plus être rouverte ni modifiée.',
  },
  {
    'sessions.close.confirm.title': 'Close the session of {date}?',
    'sessions.close.confirm.decisions.one': '{count} recorded decision becomes final and goes into the minutes.',
    'sessions.close.confirm.decisions.other': '{count} recorded decisions become final and go into the minutes.',
    'sessions.close.confirm.carried.one': '{count} undecided item moves to the next session.',
    'sessions.close.confirm.carried.other': '{count} undecided items move to the next session.',
    'sessions.close.confirm.frozen': 'The session can no longer be reopened or changed.',
  },
);
