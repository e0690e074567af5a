import type { PageContext } from '../page.js';

/** Where a meeting (a bureau session, a general assembly) takes place: the place, the video link (a link only when it is a web address), or both. */
export function MeetingPlace(props: { ctx: PageContext; meeting: { location: string | null; videoUrl: string | null } }) {
  const { ctx, meeting } = props;
  const video = meeting.videoUrl && /^https?:\/\//.test(meeting.videoUrl) ? meeting.videoUrl : null;
  if (!meeting.location && !video) return <span class="muted">{ctx.i18n.t('meeting.place.none')}</span>;
  return (
    <>
      {meeting.location}
      {meeting.location && video ? <br /> : null}
      {video ? (
        <a href={video} rel="noopener noreferrer">
          {ctx.i18n.t('meeting.place.video')}
        </a>
      ) : null}
    </>
  );
}
