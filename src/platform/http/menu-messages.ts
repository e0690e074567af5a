import { defineMessages } from '../i18n/catalogue.js';

export const menuMessages = defineMessages(
  {
    'nav.menu': 'Menu',
    'nav.register': 'Registre des membres',
    'nav.group.mine': 'Mon espace',
    'nav.group.association': 'L’association',
    'nav.group.admin': 'Administration',
  },
  {
    'nav.menu': 'Menu',
    'nav.register': 'Members’ register',
    'nav.group.mine': 'My space',
    'nav.group.association': 'The association',
    'nav.group.admin': 'Administration',
  },
);
