import { defineMessages } from '../../platform/i18n/catalogue.js';

export const applicationsMessages = defineMessages(
  {
    'applications.mail.accepted.subject': 'Bienvenue parmi les membres de {association}',
    'applications.mail.accepted.body':
      'Bonjour {name},\n\nLe bureau a accepté votre candidature lors de sa séance du {date}. Vous êtes membre de {association} depuis cette date.\n\nVous allez recevoir une invitation au salon privé des membres, et vous serez convoqué·e à chaque assemblée générale.',
    'applications.mail.rejected.subject': 'Votre candidature n’a pas été retenue',
    'applications.mail.rejected.body':
      'Bonjour {name},\n\nLe bureau a examiné votre candidature lors de sa séance du {date} et ne l’a pas retenue, pour la raison suivante :\n{rationale}\n\nVous restez bienvenu·e dans l’équipe, et vous pourrez présenter une nouvelle candidature.',
    'applications.mail.deferred.subject': 'Votre candidature est reportée',
    'applications.mail.deferred.body':
      'Bonjour {name},\n\nLe bureau a reporté l’examen de votre candidature lors de sa séance du {date}. Elle sera examinée à la séance suivante ; votre page de candidature en donne la date.{rationale}',
    'applications.mail.welcome.subject': 'Bienvenue, {name} !',
    'applications.mail.welcome.body':
      'Bonjour {name},\n\nBienvenue parmi les membres de {association}. Être membre ne donne ni service ni droit technique de plus : cela ouvre le vote en assemblée générale, le salon privé des membres et les procès-verbaux du bureau.',
  },
  {
    'applications.mail.accepted.subject': 'Welcome among the members of {association}',
    'applications.mail.accepted.body':
      'Hello {name},\n\nThe bureau accepted your application at its session of {date}. You have been a member of {association} since that date.\n\nAn invitation to the members’ private room will follow, and you will be convened to every general assembly.',
    'applications.mail.rejected.subject': 'Your application was not accepted',
    'applications.mail.rejected.body':
      'Hello {name},\n\nThe bureau examined your application at its session of {date} and did not accept it, for the following reason:\n{rationale}\n\nYou remain welcome in the team, and you may apply again.',
    'applications.mail.deferred.subject': 'Your application was deferred',
    'applications.mail.deferred.body':
      'Hello {name},\n\nAt its session of {date} the bureau deferred the examination of your application. It will be examined at the next session; your application page shows its date.{rationale}',
    'applications.mail.welcome.subject': 'Welcome, {name}!',
    'applications.mail.welcome.body':
      'Hello {name},\n\nWelcome among the members of {association}. Membership gives no extra service and no technical right: it opens the vote at general assemblies, the members’ private room and the bureau’s minutes.',
  },
);
