import { defineMessages } from '../../platform/i18n/catalogue.js';

/** What convening, closing a vote and closing an assembly will do, said before they are done. */
export const assembliesConfirmMessages = defineMessages(
  {
    'assemblies.convene.confirm.title': 'Envoyer les convocations à « {title} » ?',
    'assemblies.convene.confirm.mails.one':
      '{count} convocation sera envoyée par e-mail, avec l’ordre du jour, l’invitation pour l’agenda et un lien personnel.',
    'assemblies.convene.confirm.mails.other':
      '{count} convocations seront envoyées par e-mail, chacune avec l’ordre du jour, l’invitation pour l’agenda et un lien personnel.',
    'assemblies.convene.confirm.voters.one': '{count} membre y aura voix délibérative.',
    'assemblies.convene.confirm.voters.other': '{count} membres y auront voix délibérative.',
    'assemblies.convene.confirm.agenda.one': 'L’ordre du jour compte {count} point.',
    'assemblies.convene.confirm.agenda.other': 'L’ordre du jour compte {count} points.',
    'assemblies.convene.confirm.amendments':
      'Ensuite, chaque modification de l’ordre du jour, des documents ou des résolutions sera envoyée en rectificatif à toutes les personnes convoquées, au plus tard {days} jours avant l’assemblée.',
    'assemblies.convene.confirm.forced': 'La convocation part dans le délai réduit, pour la raison consignée au procès-verbal : {reason}',
    'assemblies.convene.confirm.submit.one': 'Envoyer {count} convocation',
    'assemblies.convene.confirm.submit.other': 'Envoyer les {count} convocations',
    'assemblies.resolution.confirm.title': 'Clore le vote sur « {title} » ?',
    'assemblies.resolution.confirm.counts': 'Voix enregistrées à cet instant : {for} pour, {against} contre, {abstain} abstention(s).',
    'assemblies.resolution.confirm.adopted': 'Clos maintenant, le vote donne : résolution adoptée.',
    'assemblies.resolution.confirm.rejected': 'Clos maintenant, le vote donne : résolution rejetée.',
    'assemblies.resolution.confirm.final': 'Plus personne ne pourra voter ni changer son vote.',
    'assemblies.resolution.confirm.submit': 'Clore le vote',
    'assemblies.close.confirm.title': 'Clore l’assemblée « {title} » ?',
    'assemblies.close.confirm.minutes.one': 'Le procès-verbal sera établi à partir des présences et des votes, et publié à la personne convoquée.',
    'assemblies.close.confirm.minutes.other': 'Le procès-verbal sera établi à partir des présences et des votes, et publié aux {count} personnes convoquées.',
    'assemblies.close.confirm.links': 'Les liens personnels cesseront de fonctionner ; plus personne ne pourra pointer son arrivée ni voter.',
    'assemblies.close.confirm.submit': 'Clore l’assemblée',
  },
  {
    'assemblies.convene.confirm.title': 'Send the notices of meeting for “{title}”?',
    'assemblies.convene.confirm.mails.one': '{count} notice of meeting will be mailed, with the agenda, the calendar invitation and a personal link.',
    'assemblies.convene.confirm.mails.other': '{count} notices of meeting will be mailed, each with the agenda, the calendar invitation and a personal link.',
    'assemblies.convene.confirm.voters.one': '{count} member will have a vote.',
    'assemblies.convene.confirm.voters.other': '{count} members will have a vote.',
    'assemblies.convene.confirm.agenda.one': 'The agenda has {count} item.',
    'assemblies.convene.confirm.agenda.other': 'The agenda has {count} items.',
    'assemblies.convene.confirm.amendments':
      'After that, every change to the agenda, the documents or the resolutions is mailed as an amendment to everyone convened, at the latest {days} days before the assembly.',
    'assemblies.convene.confirm.forced': 'The notice goes out inside the shorter period, for the reason recorded in the minutes: {reason}',
    'assemblies.convene.confirm.submit.one': 'Send {count} notice',
    'assemblies.convene.confirm.submit.other': 'Send the {count} notices',
    'assemblies.resolution.confirm.title': 'Close the vote on “{title}”?',
    'assemblies.resolution.confirm.counts': 'Votes recorded at this moment: {for} for, {against} against, {abstain} abstaining.',
    'assemblies.resolution.confirm.adopted': 'Closed now, the vote gives: resolution adopted.',
    'assemblies.resolution.confirm.rejected': 'Closed now, the vote gives: resolution rejected.',
    'assemblies.resolution.confirm.final': 'Nobody will be able to vote or change their vote any more.',
    'assemblies.resolution.confirm.submit': 'Close the vote',
    'assemblies.close.confirm.title': 'Close the assembly “{title}”?',
    'assemblies.close.confirm.minutes.one': 'The minutes will be written from the attendance and the votes, and published to the person convened.',
    'assemblies.close.confirm.minutes.other': 'The minutes will be written from the attendance and the votes, and published to the {count} people convened.',
    'assemblies.close.confirm.links': 'The personal links will stop working; nobody will be able to check in or vote any more.',
    'assemblies.close.confirm.submit': 'Close the assembly',
  },
);
