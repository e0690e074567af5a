import { defineMessages } from '../../platform/i18n/catalogue.js';

export const membershipsMessages = defineMessages(
  {
    'memberships.mail.warning.subject': 'Votre contribution à {association} : un petit signe ?',
    'memberships.mail.warning.body':
      'Bonjour {name},\n\nMerci pour tout ce que vous faites. Sans nouvelle contribution, votre activité ne sera plus comptée après le {until}, et votre adhésion suivra. Si vous continuez à contribuer, il suffit de le déclarer :\n{link}\n\nSi vous souhaitez faire une pause, rien à faire : vous serez prévenu·e avant toute chose.',
    'memberships.mail.lapsing.subject': 'Votre adhésion à {association} est en suspens',
    'memberships.mail.lapsing.body':
      'Bonjour {name},\n\nVotre contribution n’est plus active depuis le {since}. Les statuts prévoient qu’on reste membre tant que sa contribution est active : votre adhésion est donc en suspens jusqu’au {graceUntil}. Une contribution déclarée et confirmée d’ici là suffit à la maintenir :\n{link}\n\nPassé cette date, le bureau examinera la fin de votre adhésion.',
    'memberships.mail.resumed.subject': 'Votre adhésion à {association} continue',
    'memberships.mail.resumed.body': 'Bonjour {name},\n\nVotre contribution est de nouveau active : votre adhésion continue normalement. Merci !',
    'memberships.mail.lapse_confirmed.subject': 'Fin de votre adhésion à {association}',
    'memberships.mail.lapse_confirmed.body':
      'Bonjour {name},\n\nLors de sa séance du {date}, le bureau a constaté la fin de votre adhésion, faute de contribution active. Merci pour ce que vous avez apporté. Vous pourrez présenter une nouvelle candidature dès que vous contribuerez de nouveau.',
    'memberships.mail.lapsed.subject': 'Fin de votre adhésion à {association}',
    'memberships.mail.lapsed.body':
      'Bonjour {name},\n\nLe délai de grâce s’est achevé le {date} sans nouvelle contribution : votre adhésion a pris fin. Merci pour ce que vous avez apporté. Vous pourrez présenter une nouvelle candidature dès que vous contribuerez de nouveau.',
    'memberships.mail.kept.subject': 'Votre adhésion à {association} est maintenue',
    'memberships.mail.kept.body': 'Bonjour {name},\n\nLors de sa séance du {date}, le bureau a décidé de maintenir votre adhésion :\n{rationale}',
    'memberships.mail.excluded.subject': 'Exclusion de {association}',
    'memberships.mail.excluded.body':
      'Bonjour {name},\n\nLors de sa séance du {date}, le bureau a prononcé votre exclusion, pour la raison suivante :\n{rationale}',
    'memberships.mail.resigned.subject': 'Votre démission de {association}',
    'memberships.mail.resigned.body':
      'Bonjour {name},\n\nVotre démission est enregistrée au {date} : vous n’êtes plus membre. Vous restez bienvenu·e dans l’équipe, et vous pourrez de nouveau candidater.',
  },
  {
    'memberships.mail.warning.subject': 'Your contribution to {association}: a quick sign?',
    'memberships.mail.warning.body':
      'Hello {name},\n\nThank you for all you do. Without a new contribution, your activity will no longer count after {until}, and your membership would follow. If you keep contributing, just declare it:\n{link}\n\nIf you wish to take a break, there is nothing to do: you will be told before anything happens.',
    'memberships.mail.lapsing.subject': 'Your membership of {association} is on hold',
    'memberships.mail.lapsing.body':
      'Hello {name},\n\nYour contribution has not been active since {since}. The bylaws say one stays a member while one’s contribution is active: your membership is therefore on hold until {graceUntil}. One contribution declared and confirmed by then keeps it:\n{link}\n\nAfter that date, the bureau will review the end of your membership.',
    'memberships.mail.resumed.subject': 'Your membership of {association} continues',
    'memberships.mail.resumed.body': 'Hello {name},\n\nYour contribution is active again: your membership continues as before. Thank you!',
    'memberships.mail.lapse_confirmed.subject': 'End of your membership of {association}',
    'memberships.mail.lapse_confirmed.body':
      'Hello {name},\n\nAt its session of {date}, the bureau recorded the end of your membership, for want of an active contribution. Thank you for what you brought. You may apply again as soon as you contribute again.',
    'memberships.mail.lapsed.subject': 'End of your membership of {association}',
    'memberships.mail.lapsed.body':
      'Hello {name},\n\nThe grace period ended on {date} without a new contribution: your membership has ended. Thank you for what you brought. You may apply again as soon as you contribute again.',
    'memberships.mail.kept.subject': 'Your membership of {association} is kept',
    'memberships.mail.kept.body': 'Hello {name},\n\nAt its session of {date}, the bureau decided to keep your membership:\n{rationale}',
    'memberships.mail.excluded.subject': 'Exclusion from {association}',
    'memberships.mail.excluded.body': 'Hello {name},\n\nAt its session of {date}, the bureau excluded you, for the following reason:\n{rationale}',
    'memberships.mail.resigned.subject': 'Your resignation from {association}',
    'memberships.mail.resigned.body':
      'Hello {name},\n\nYour resignation is recorded as of {date}: you are no longer a member. You remain welcome in the team, and you may apply again.',
  },
);
