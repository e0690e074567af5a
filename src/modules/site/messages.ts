import { defineMessages } from '../../platform/i18n/catalogue.js';

export const siteMessages = defineMessages(
  {
    'site.home.teams': 'Nos équipes',
    'site.home.join.title': 'Nous rejoindre',
    'site.home.join.text':
      "Toute personne qui contribue fait partie de l'équipe : modération, administration, développement, communication, dons… Les contributeur·rices actif·ves peuvent demander à devenir membres de l'association ; le bureau examine chaque candidature en séance régulière.",
    'site.home.members.title': 'Membres',
    'site.home.members.text':
      "Être membre est facultatif pour participer. Les membres n'ont ni service différent ni avantage technique : elles et ils sont invité·es à chaque assemblée générale, comme toute l'équipe, et y votent.",
    'site.home.seeTeam': "Voir qui fait l'équipe",
    'site.team.title': "L'équipe",
    'site.team.intro': "L'équipe, ce sont toutes les personnes qui contribuent, en particulier dans les équipes ci-dessous.",
    'site.team.empty': "Personne n'apparaît publiquement dans cette équipe pour l'instant.",
    'site.team.lead': 'responsable',
    'site.settings.title': "Réglages de l'association",
    'site.settings.name': "Nom de l'association",
    'site.settings.description': "Présentation (page d'accueil)",
  },
  {
    'site.home.teams': 'Our teams',
    'site.home.join.title': 'Join us',
    'site.home.join.text':
      'Everyone who contributes is part of the team: moderation, administration, development, communication, donations… Active contributors may ask to become members of the association; the bureau examines each application in a regular session.',
    'site.home.members.title': 'Members',
    'site.home.members.text':
      'Membership is optional for taking part. Members get no different service and no technical advantage: like the whole team, they are invited to every general assembly, and they vote there.',
    'site.home.seeTeam': 'See who is on the team',
    'site.team.title': 'The team',
    'site.team.intro': 'The team is everyone who contributes, in particular in the teams below.',
    'site.team.empty': 'Nobody appears publicly on this team yet.',
    'site.team.lead': 'lead',
    'site.settings.title': 'Association settings',
    'site.settings.name': 'Association name',
    'site.settings.description': 'Presentation (home page)',
  },
);
