import { defineMessages } from '../../i18n/catalogue.js';

/** The UI kit's own words (meeting-place.tsx). */
export const uiMessages = defineMessages(
  {
    'meeting.place.none': 'lieu à préciser',
    'meeting.place.video': 'lien de visioconférence',
  },
  {
    'meeting.place.none': 'place to be announced',
    'meeting.place.video': 'video call link',
  },
);
