import { defineMessages } from '../../platform/i18n/catalogue.js';

export const privacyMessages = defineMessages(
  {
    'errors.already_erased': 'Cette personne est déjà effacée',
    'errors.active_bureau_member': 'Cette personne siège au bureau : mettez d’abord fin à sa fonction',
    'errors.last_administrator': 'C’est le ou la seule administrateur·rice : nommez-en un·e autre d’abord',
    'errors.still_member': 'Cette personne est membre : son adhésion doit d’abord prendre fin (démission ou décision du bureau)',
    'errors.open_application': 'Une candidature de cette personne attend le bureau : elle doit d’abord être retirée',
    'fieldError.confirmation_mismatch': 'Tapez le nom de la personne exactement comme il est affiché.',
    'notice.personErased': 'La personne est effacée : son nom est remplacé par un pseudonyme, ses coordonnées et ses accès sont supprimés.',

    'privacy.footer': 'Données personnelles',
    'privacy.title': 'Vos données personnelles',
    'privacy.intro':
      '{association} tient avec Équipage la liste des personnes qui la font vivre. Cette page dit ce qui est gardé à votre sujet, pourquoi, combien de temps, qui le voit, et comment le récupérer ou le faire effacer.',
    'privacy.controller': 'Le responsable du traitement est l’association {association}, représentée par son bureau.',
    'privacy.what': 'Ce qui est gardé',
    'privacy.why': 'Pourquoi (base légale)',
    'privacy.howLong': 'Combien de temps',
    'privacy.who': 'Qui le voit',
    'privacy.identity.title': 'Votre fiche',
    'privacy.identity.what': 'Nom affiché, adresse e-mail, et si vous les donnez : pseudonyme, pronoms, langue, identifiants Matrix et XMPP.',
    'privacy.identity.why':
      'L’intérêt légitime de l’association à connaître et joindre celles et ceux qui y contribuent (RGPD, art. 6.1.f) ; pour les membres, l’adhésion elle-même (art. 6.1.b). Votre nom n’apparaît sur la page publique « L’équipe » qu’avec votre consentement, que vous retirez quand vous voulez depuis votre profil (art. 6.1.a).',
    'privacy.identity.howLong': 'Tant que vous ne demandez pas l’effacement.',
    'privacy.identity.who':
      'Vous ; les contributeur·rices et le bureau voient votre nom ; l’adresse e-mail et les identifiants de discussion ne sont montrés qu’au bureau, aux administrateur·rices et aux responsables d’équipe.',
    'privacy.account.title': 'Votre compte',
    'privacy.account.what':
      'Votre identifiant de connexion et une empreinte de votre mot de passe (jamais le mot de passe lui-même), vos sessions (dates, navigateur), vos jetons d’API (nom et début seulement), vos demandes de réinitialisation.',
    'privacy.account.why': 'Vous connecter en sécurité (art. 6.1.b et 6.1.f).',
    'privacy.account.howLong':
      'Les sessions terminées et les liens de réinitialisation expirés sont supprimés {months} mois après leur fin ; le reste jusqu’à l’effacement.',
    'privacy.account.who': 'Vous ; les administrateur·rices pour l’exploitation.',
    'privacy.activity.title': 'Équipes, bureau et contributions',
    'privacy.activity.what': 'Vos rôles dans les équipes et au bureau, avec leurs dates ; vos contributions (nature, date, résumé, lien, montant d’un don).',
    'privacy.activity.why':
      'Les statuts réservent l’adhésion aux contributeur·rices actif·ves : l’association doit pouvoir le constater (art. 6.1.f). L’historique des rôles est celui de l’association.',
    'privacy.activity.howLong': 'Conservés ; après un effacement, ils restent rattachés à un pseudonyme pour que les décomptes restent justes.',
    'privacy.activity.who': 'Vous, l’équipe, le bureau et les administrateur·rices ; le montant des dons : vous, le bureau et les administrateur·rices.',
    'privacy.applications.title': 'Candidatures',
    'privacy.applications.what': 'Le texte de votre candidature, sa date, la séance qui l’examine, la décision du bureau et ses motifs.',
    'privacy.applications.why': 'Votre demande d’adhésion (art. 6.1.b) ; le procès-verbal des décisions du bureau (art. 6.1.f).',
    'privacy.applications.howLong':
      'Le texte d’une candidature refusée ou retirée est supprimé {months} mois après la décision ou le retrait ; la décision (date, résultat, motifs) reste au procès-verbal de la séance.',
    'privacy.applications.who':
      'Vous, le bureau, et les administrateur·rices qui l’assistent. Les membres lisent les procès-verbaux, où une candidature n’apparaît que par le nom et le résultat.',
    'privacy.governance.title': 'Adhésion et assemblées générales',
    'privacy.governance.what':
      'Votre adhésion et son historique (début, fin et raison), le registre des membres, vos convocations, réponses, présences, procurations et votes aux assemblées générales.',
    'privacy.governance.why': 'La tenue du registre des membres et des procès-verbaux, qui prouvent les décisions de l’association (art. 6.1.c et 6.1.f).',
    'privacy.governance.howLong': 'Conservés avec les archives de l’association ; après un effacement, votre nom y est remplacé par un pseudonyme.',
    'privacy.governance.who': 'Vous, le bureau et les administrateur·rices ; les membres lisent les procès-verbaux.',
    'privacy.requests.title': 'Demandes aux équipes',
    'privacy.requests.what':
      'Ce que vous écrivez par « Nous écrire » : votre adresse e-mail, votre nom si vous le donnez, la catégorie, le sujet, le message, le lien, vos réponses et les réponses publiques de l’équipe. Pour l’équipe qui la traite : ses notes internes et les questions posées à d’autres équipes. Si vous traitez des demandes : ce que vous y écrivez.',
    'privacy.requests.why':
      'Répondre à votre demande (art. 6.1.b pour rejoindre une équipe, 6.1.f pour le reste) ; traiter les signalements de modération, dans l’intérêt légitime de l’association et de ses membres (art. 6.1.f).',
    'privacy.requests.howLong':
      '{months} mois après la clôture de la demande, votre adresse, votre nom et tous les textes sont supprimés ; il reste la catégorie, l’équipe, les dates et qui l’a traitée, parce que ce travail compte comme contribution (sinon la demande est supprimée entièrement).',
    'privacy.requests.who':
      'L’équipe à qui la demande s’adresse, le bureau et les administrateur·rices ; un signalement : seulement l’équipe de modération et le bureau, et jamais la personne signalée, qui ne voit ni le signalement ni qui l’a fait. Une équipe consultée voit la question posée, pas votre adresse ni votre message. Vous, par le lien privé reçu par e-mail, jusqu’à 30 jours après la clôture.',
    'privacy.mail.title': 'E-mails',
    'privacy.mail.what': 'Chaque e-mail que l’association vous envoie (confirmation, décision, convocation…), avec sa date et son état d’envoi.',
    'privacy.mail.why': 'Pouvoir dire qu’un e-mail est bien parti, et le renvoyer s’il n’est pas arrivé (art. 6.1.f).',
    'privacy.mail.howLong': 'Supprimés du journal {months} mois après leur envoi.',
    'privacy.mail.who':
      'Les administrateur·rices, qui ne voient ni le texte d’une décision sur une candidature, ni le destinataire et le contenu d’un e-mail au sujet d’un signalement.',
    'privacy.audit.title': 'Journal d’audit',
    'privacy.audit.what':
      'Chaque modification (qui, quoi, quand, avant et après), enchaînée pour qu’on ne puisse pas la retoucher. Une entrée peut contenir votre nom et votre adresse tels qu’ils étaient ce jour-là.',
    'privacy.audit.why': 'Prouver l’intégrité des registres et des décisions de l’association (art. 6.1.c et 6.1.f, et art. 17.3.b et e).',
    'privacy.audit.howLong':
      'Conservé sans limite : effacer une entrée casserait la chaîne. Un effacement y ajoute une entrée qui ne contient aucune donnée personnelle.',
    'privacy.audit.who': 'Les administrateur·rices seulement.',
    'privacy.rights.title': 'Vos droits',
    'privacy.rights.text':
      'Vous pouvez consulter et corriger vos données (votre profil), les télécharger, vous opposer à leur usage et en demander l’effacement. Vous pouvez aussi saisir la CNIL (cnil.fr).',
    'privacy.export.title': 'Télécharger vos données',
    'privacy.export.text': 'Depuis votre profil, « Télécharger mes données » donne en un fichier JSON tout ce que l’association garde à votre sujet.',
    'privacy.erasure.title': 'Demander l’effacement',
    'privacy.erasure.text':
      'Demandez-le à un·e administrateur·rice de l’association. Votre nom est alors remplacé par « Personne effacée » suivi d’un code ; votre adresse, vos pronoms, votre pseudonyme, vos identifiants de discussion et de forge, vos accès et le texte de vos candidatures sont supprimés, les e-mails qui vous ont été envoyés sont vidés ; vos demandes aux équipes prennent le même pseudonyme, vos messages y sont remplacés par « Message effacé » et leur lien privé ne fonctionne plus. Les décisions, procès-verbaux et décomptes restent justes. Si vous siégez au bureau ou êtes membre, il faut d’abord quitter la fonction ou démissionner.',

    'privacy.profile.title': 'Vos données',
    'privacy.profile.text': 'Tout ce que l’association garde à votre sujet, en un fichier JSON. Ce qu’elle en fait : voir la page',
    'privacy.profile.download': 'Télécharger mes données',

    'privacy.erase.link': 'Effacer cette personne…',
    'privacy.erase.title': 'Effacer {name}',
    'privacy.erase.intro':
      'À faire à la demande de la personne. Son nom devient un pseudonyme ; son adresse, ses pronoms, son pseudonyme, ses identifiants Matrix, XMPP et de forge, ses mots de passe, sessions et jetons, le texte de ses candidatures, le contenu des e-mails qui lui ont été envoyés et ses messages dans les demandes qu’elle a écrites aux équipes sont supprimés ; ses rôles d’équipe en cours prennent fin et les demandes ouvertes qui lui sont confiées reviennent à leur équipe ; elle est retirée des salons. Elle ne pourra plus se connecter.',
    'privacy.erase.keeps':
      'Restent, rattachés au pseudonyme : les décisions et procès-verbaux, l’historique des adhésions et des rôles, les contributions et les votes, pour que les décomptes restent justes. Le journal d’audit n’est pas réécrit. On ne peut pas revenir en arrière.',
    'privacy.erase.refused': 'Effacement impossible pour l’instant :',
    'privacy.erase.confirm': 'Pour confirmer, tapez le nom de la personne : {name}',
    'privacy.erase.reason': 'Motif',
    'privacy.erase.submit': 'Effacer définitivement',
    'privacy.erase.cancel': 'Annuler',
    'privacy.erased.banner': 'Personne effacée le {date}.',
    'privacy.reason.request': 'Demande de la personne',
    'privacy.reason.objection': 'Opposition de la personne',
    'privacy.reason.consent_withdrawn': 'Retrait du consentement',
    'privacy.reason.no_longer_needed': 'Données devenues inutiles',
    'privacy.reason.unlawful': 'Traitement illicite',
    'privacy.reason.legal_obligation': 'Obligation légale',
    'audit.action.person.erased': 'Personne effacée',
    'audit.action.application.purged': 'Texte de candidature supprimé (durée de conservation)',
    'audit.action.application.deleted': 'Candidature supprimée (durée de conservation)',
    'audit.action.privacy.purged': 'Purge des données arrivées en fin de conservation',
    'audit.action.request.purged': 'Demandeur et textes d’une demande supprimés (durée de conservation)',
    'audit.action.request.deleted': 'Demande supprimée (durée de conservation)',
    'mail.admin.recipientWithheld': 'Masqué (signalement)',
  },
  {
    'errors.already_erased': 'This person is already erased',
    'errors.active_bureau_member': 'This person sits on the bureau: end their office first',
    'errors.last_administrator': 'This is the only administrator: appoint another one first',
    'errors.still_member': 'This person is a member: their membership must end first (resignation or a bureau decision)',
    'errors.open_application': 'An application of this person waits for the bureau: it must be withdrawn first',
    'fieldError.confirmation_mismatch': 'Type the name of the person exactly as it is shown.',
    'notice.personErased': 'The person is erased: their name is replaced by a pseudonym, their contact details and access are gone.',

    'privacy.footer': 'Personal data',
    'privacy.title': 'Your personal data',
    'privacy.intro':
      '{association} keeps the list of the people who make it live in Équipage. This page says what is kept about you, why, for how long, who sees it, and how to get it or have it erased.',
    'privacy.controller': 'The data controller is the association {association}, represented by its bureau.',
    'privacy.what': 'What is kept',
    'privacy.why': 'Why (legal basis)',
    'privacy.howLong': 'For how long',
    'privacy.who': 'Who sees it',
    'privacy.identity.title': 'Your record',
    'privacy.identity.what': 'Display name, email address and, if you give them: pseudonym, pronouns, language, Matrix and XMPP addresses.',
    'privacy.identity.why':
      'The association’s legitimate interest in knowing and reaching those who contribute to it (GDPR, art. 6(1)(f)); for members, the membership itself (art. 6(1)(b)). Your name appears on the public “The team” page only with your consent, which you withdraw at any time from your profile (art. 6(1)(a)).',
    'privacy.identity.howLong': 'Until you ask for erasure.',
    'privacy.identity.who':
      'You; contributors and the bureau see your name; your email address and chat addresses are shown only to the bureau, administrators and team leads.',
    'privacy.account.title': 'Your account',
    'privacy.account.what':
      'Your login and a hash of your password (never the password itself), your sessions (dates, browser), your API tokens (name and prefix only), your reset requests.',
    'privacy.account.why': 'Signing you in safely (art. 6(1)(b) and 6(1)(f)).',
    'privacy.account.howLong': 'Ended sessions and expired reset links are deleted {months} months after they ended; the rest until erasure.',
    'privacy.account.who': 'You; administrators, to run the service.',
    'privacy.activity.title': 'Teams, bureau and contributions',
    'privacy.activity.what': 'Your roles on teams and on the bureau, with their dates; your contributions (kind, date, summary, link, amount of a donation).',
    'privacy.activity.why':
      'The bylaws keep membership for active contributors: the association must be able to tell (art. 6(1)(f)). The history of roles is the association’s own.',
    'privacy.activity.howLong': 'Kept; after an erasure they stay attached to a pseudonym so that counts stay right.',
    'privacy.activity.who': 'You, the team, the bureau and administrators; donation amounts: you, the bureau and administrators.',
    'privacy.applications.title': 'Applications',
    'privacy.applications.what': 'The text of your application, its date, the session that examines it, the bureau’s decision and its rationale.',
    'privacy.applications.why': 'Your request for membership (art. 6(1)(b)); the minutes of the bureau’s decisions (art. 6(1)(f)).',
    'privacy.applications.howLong':
      'The text of a rejected or withdrawn application is deleted {months} months after the decision or the withdrawal; the decision (date, outcome, rationale) stays in the session’s minutes.',
    'privacy.applications.who':
      'You, the bureau, and the administrators who assist it. Members read the minutes, where an application shows only as the name and the outcome.',
    'privacy.governance.title': 'Membership and general assemblies',
    'privacy.governance.what':
      'Your membership and its history (start, end and reason), the register of members, your notices of meeting, answers, attendance, proxies and votes at general assemblies.',
    'privacy.governance.why': 'Keeping the register of members and the minutes, which prove the association’s decisions (art. 6(1)(c) and 6(1)(f)).',
    'privacy.governance.howLong': 'Kept with the association’s records; after an erasure your name there is replaced by a pseudonym.',
    'privacy.governance.who': 'You, the bureau and administrators; members read the minutes.',
    'privacy.requests.title': 'Requests to the teams',
    'privacy.requests.what':
      'What you write through “Write to us”: your email address, your name if you give it, the category, subject, message and link, your answers and the team’s public replies. For the team that handles it: its internal notes and the questions asked to other teams. If you handle requests: what you write in them.',
    'privacy.requests.why':
      'Answering your request (art. 6(1)(b) to join a team, 6(1)(f) otherwise); handling moderation reports, in the legitimate interest of the association and its members (art. 6(1)(f)).',
    'privacy.requests.howLong':
      '{months} months after the request is closed, your address, your name and every text are deleted; the category, team, dates and who handled it stay, because that work counts as a contribution (otherwise the request is deleted whole).',
    'privacy.requests.who':
      'The team the request goes to, the bureau and administrators; a moderation report: only the moderation team and the bureau, and never the person reported, who sees neither the report nor who made it. A team asked for advice sees the question, not your address nor your message. You, through the private link mailed to you, until 30 days after it is closed.',
    'privacy.mail.title': 'Emails',
    'privacy.mail.what': 'Every email the association sends you (confirmation, decision, notice of meeting…), with its date and delivery status.',
    'privacy.mail.why': 'Being able to tell that an email went out, and to send it again if it did not arrive (art. 6(1)(f)).',
    'privacy.mail.howLong': 'Deleted from the log {months} months after they were sent.',
    'privacy.mail.who':
      'Administrators; they see neither the text of a decision on an application, nor the recipient and content of an email about a moderation report.',
    'privacy.audit.title': 'Audit log',
    'privacy.audit.what':
      'Every change (who, what, when, before and after), chained so that nobody can touch it up. An entry may hold your name and address as they were on that day.',
    'privacy.audit.why': 'Proving the integrity of the association’s registers and decisions (art. 6(1)(c) and 6(1)(f), and art. 17(3)(b) and (e)).',
    'privacy.audit.howLong': 'Kept without limit: deleting an entry would break the chain. An erasure adds an entry that holds no personal data.',
    'privacy.audit.who': 'Administrators only.',
    'privacy.rights.title': 'Your rights',
    'privacy.rights.text':
      'You may read and correct your data (your profile), download it, object to its use and ask for its erasure. You may also complain to the CNIL (cnil.fr), the French data protection authority.',
    'privacy.export.title': 'Download your data',
    'privacy.export.text': 'From your profile, “Download my data” gives, in one JSON file, everything the association keeps about you.',
    'privacy.erasure.title': 'Ask for erasure',
    'privacy.erasure.text':
      'Ask an administrator of the association. Your name is then replaced by “Erased person” and a code; your address, pronouns, pseudonym, chat and forge accounts, your access and the text of your applications are deleted, and the emails sent to you are emptied; your requests to the teams take the same pseudonym, your messages there are replaced by “Message erased” and their private link stops working. Decisions, minutes and counts stay right. If you sit on the bureau or are a member, you first leave the office or resign.',

    'privacy.profile.title': 'Your data',
    'privacy.profile.text': 'Everything the association keeps about you, in one JSON file. What it does with it: see the page',
    'privacy.profile.download': 'Download my data',

    'privacy.erase.link': 'Erase this person…',
    'privacy.erase.title': 'Erase {name}',
    'privacy.erase.intro':
      'To be done at the person’s request. Their name becomes a pseudonym; their address, pronouns, pseudonym, Matrix, XMPP and forge accounts, passwords, sessions and tokens, the text of their applications, the content of the emails sent to them and their messages in the requests they wrote to the teams are deleted; their current team roles end and the open requests given to them go back to their team; they are removed from the rooms. They can no longer sign in.',
    'privacy.erase.keeps':
      'Kept, attached to the pseudonym: decisions and minutes, the history of memberships and roles, contributions and votes, so that counts stay right. The audit log is not rewritten. This cannot be undone.',
    'privacy.erase.refused': 'Erasure is not possible for now:',
    'privacy.erase.confirm': 'To confirm, type the name of the person: {name}',
    'privacy.erase.reason': 'Reason',
    'privacy.erase.submit': 'Erase for good',
    'privacy.erase.cancel': 'Cancel',
    'privacy.erased.banner': 'Person erased on {date}.',
    'privacy.reason.request': 'The person’s request',
    'privacy.reason.objection': 'The person’s objection',
    'privacy.reason.consent_withdrawn': 'Consent withdrawn',
    'privacy.reason.no_longer_needed': 'Data no longer needed',
    'privacy.reason.unlawful': 'Unlawful processing',
    'privacy.reason.legal_obligation': 'Legal obligation',
    'audit.action.person.erased': 'Person erased',
    'audit.action.application.purged': 'Application text deleted (retention period)',
    'audit.action.application.deleted': 'Application deleted (retention period)',
    'audit.action.privacy.purged': 'Purge of data at the end of its retention period',
    'audit.action.request.purged': 'Requester and texts of a request deleted (retention period)',
    'audit.action.request.deleted': 'Request deleted (retention period)',
    'mail.admin.recipientWithheld': 'Withheld (moderation report)',
  },
);
