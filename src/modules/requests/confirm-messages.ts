import { defineMessages } from '../../platform/i18n/catalogue.js';

/** What closing a request will do, said before it is done; the notifications of the team's people. */
export const requestsConfirmMessages = defineMessages(
  {
    'requests.close.confirm.title': 'Clore la demande « {subject} » ?',
    'requests.close.confirm.final': 'La demande de {requester} sera close : elle ne pourra plus être rouverte ni recevoir de réponse.',
    'requests.close.confirm.link': '{requester} pourra encore la lire par son lien privé pendant 30 jours ; aucun e-mail ne lui est envoyé.',
    'requests.close.confirm.submit': 'Clore la demande',
  },
  {
    'requests.close.confirm.title': 'Close the request “{subject}”?',
    'requests.close.confirm.final': 'The request from {requester} will be closed: it can no longer be reopened or answered.',
    'requests.close.confirm.link': '{requester} can still read it through their private link for 30 days; no mail is sent to them.',
    'requests.close.confirm.submit': 'Close the request',
  },
);
