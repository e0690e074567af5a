/**
 * The two teams of the bylaws, created at setup. Administrators may edit them and
 * add others; these texts are only the starting point.
 */
export const defaultTeams = [
  {
    slug: 'communaute',
    position: 1,
    name: { fr: 'Communauté', en: 'Community' },
    mission: {
      fr: 'Tout ce qui touche à la communauté : le site web, la documentation, la modération et surtout la gestion des demandes. Ses membres sont choisi·es pour leurs qualités relationnelles et rédactionnelles plutôt que techniques, et peuvent faire appel aux personnes techniques au besoin.',
      en: 'Everything community-facing: the website, the documentation, moderation and, above all, handling requests. Its people are chosen for relational and writing skills rather than technical ones, and can call on technical people when needed.',
    },
    responsibilities: {
      fr: 'Site web\nDocumentation\nModération\nGestion des demandes',
      en: 'Website\nDocumentation\nModeration\nHandling requests',
    },
  },
  {
    slug: 'technique',
    position: 2,
    name: { fr: 'Technique', en: 'Technical' },
    mission: {
      fr: "Maintenir l'infrastructure et faire tourner les services : administrer les serveurs prêtés à l'association, entretenir le cluster utilisé pour les déploiements et, sur cette base, construire, déployer et exploiter les services, en intégrant des logiciels existants et en développant de nouveaux.",
      en: 'Keep the infrastructure and the services running: administer the servers lent to the association, maintain the cluster used for deployments, and on that base build, deploy and run the services, integrating existing software and developing new software.',
    },
    responsibilities: {
      fr: 'Serveurs\nCluster de déploiement\nServices (intégration et développement)',
      en: 'Servers\nDeployment cluster\nServices (integration and development)',
    },
  },
] as const;
