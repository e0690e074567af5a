import type { PageContext } from '../../platform/http/page.js';
import { Layout } from '../../platform/http/page.js';
import { RequestsOnHome } from '../requests/home.js';
import type { Home } from './service.js';

function Status(props: { ctx: PageContext; home: Home }) {
  const { ctx, home } = props;
  const { t, date } = ctx.i18n;
  const m = home.membership;
  const a = home.activity;
  const membership =
    m.status === 'active'
      ? m.until
        ? t('home.status.memberUntil', { since: date(m.since), until: date(m.until) })
        : t('home.status.memberSince', { since: date(m.since) })
      : m.status === 'lapsing'
        ? t('home.status.lapsing', { date: date(m.graceUntil ?? m.until) })
        : m.status === 'none'
          ? t('home.status.notMember')
          : t('home.status.ended', { date: date(m.until) });
  const activity = a.active
    ? a.activeUntil
      ? t('home.status.activeUntil', { date: date(a.activeUntil) })
      : t('home.status.activeByRole')
    : a.inactiveSince
      ? t('home.status.inactiveSince', { date: date(a.inactiveSince) })
      : t('home.status.neverActive');
  return (
    <section aria-labelledby="home-status">
      <h2 id="home-status">{t('home.status.title')}</h2>
      <p>{membership}</p>
      <p>{activity}</p>
      <p>
        {ctx.allowed('contributions.declare') ? <a href="/contributions/new">{t('home.status.declare')}</a> : null}
        {m.status === 'none' && ctx.allowed('applications.apply') ? (
          <>
            {' · '}
            <a href="/membership">{t('home.status.apply')}</a>
          </>
        ) : null}
      </p>
    </section>
  );
}

function Waiting(props: { ctx: PageContext; home: Home }) {
  const { ctx, home } = props;
  const { t, date } = ctx.i18n;
  const w = home.waiting;
  const lines: { href: string; text: string }[] = [];
  if (w.contributionsToConfirm) lines.push({ href: '/contributions/review', text: t('home.waiting.contributions', { count: w.contributionsToConfirm }) });
  if (w.applicationsOnAgenda && home.nextSession)
    lines.push({ href: `/bureau/sessions/${home.nextSession.id}`, text: t('home.waiting.applications', { count: w.applicationsOnAgenda }) });
  if (w.assemblyToAnswer)
    lines.push({
      href: `/assemblies/${w.assemblyToAnswer.id}`,
      text: t('home.waiting.answer', { title: w.assemblyToAnswer.title, date: date(w.assemblyToAnswer.scheduledAt) }),
    });
  if (w.votesOpen)
    lines.push({
      href: `/assemblies/${w.votesOpen.assembly.id}`,
      text: t('home.waiting.votes', { count: w.votesOpen.count, title: w.votesOpen.assembly.title }),
    });
  const requests = w.requests.filter((r) => r.requests + r.consultations > 0);
  return (
    <section aria-labelledby="home-waiting">
      <h2 id="home-waiting">{t('home.waiting.title')}</h2>
      {lines.length === 0 && requests.length === 0 ? <p>{t('home.waiting.nothing')}</p> : null}
      {lines.length > 0 ? (
        <ul>
          {lines.map((l) => (
            <li>
              <a href={l.href}>{l.text}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <RequestsOnHome ctx={ctx} counts={requests} />
    </section>
  );
}

function Teams(props: { ctx: PageContext; home: Home }) {
  const { ctx, home } = props;
  const { t, locale } = ctx.i18n;
  return (
    <section aria-labelledby="home-teams">
      <h2 id="home-teams">{t('home.teams.title')}</h2>
      {home.myTeams.length === 0 ? (
        <p>
          {t('home.teams.none')} <a href="/requests/new?category=join">{t('home.teams.join')}</a>
        </p>
      ) : (
        <ul>
          {home.myTeams.map((team) => (
            <li>
              <a href={`/teams/${team.slug}`}>{team.name[locale]}</a>
              {team.lead ? <span class="muted"> — {t('home.teams.lead')}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Room(props: { ctx: PageContext; home: Home }) {
  const { ctx } = props;
  const room = props.home.membersRoom;
  if (!room) return null;
  const { t } = ctx.i18n;
  return (
    <section aria-labelledby="home-room">
      <h2 id="home-room">{t('home.room.title')}</h2>
      {room.link ? (
        <p>
          <a href={room.link} rel="noopener noreferrer">
            {t('home.room.open')}
          </a>{' '}
          (<code>{room.address}</code>)
        </p>
      ) : null}
      {room.myAddress ? <p>{t(room.kind === 'xmpp' ? 'home.room.myXmpp' : 'home.room.myMatrix', { address: room.myAddress })}</p> : null}
      {room.needsAddress ? (
        <p>
          {t(room.kind === 'xmpp' ? 'home.room.askXmpp' : 'home.room.askMatrix')}{' '}
          <a href={`/profile#field-${room.kind === 'xmpp' ? 'xmppJid' : 'matrixId'}`}>{t('home.room.give')}</a>
        </p>
      ) : null}
    </section>
  );
}

function Next(props: { ctx: PageContext; home: Home }) {
  const { ctx, home } = props;
  const { t, dateTime } = ctx.i18n;
  return (
    <section aria-labelledby="home-next">
      <h2 id="home-next">{t('home.next.title')}</h2>
      {!home.nextSession && !home.nextAssembly ? <p>{t('home.next.none')}</p> : null}
      <ul>
        {home.nextSession ? (
          <li>
            <a href={`/bureau/sessions/${home.nextSession.id}`}>{t('home.next.session', { date: dateTime(home.nextSession.scheduledAt) })}</a>
          </li>
        ) : null}
        {home.nextAssembly ? (
          <li>
            <a href={`/assemblies/${home.nextAssembly.id}`}>
              {t('home.next.assembly', { title: home.nextAssembly.title, date: dateTime(home.nextAssembly.scheduledAt) })}
            </a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** `/` for a signed-in person: what is theirs and what waits for them, in their language. */
export function PersonalHome(props: { ctx: PageContext; home: Home }) {
  const { ctx, home } = props;
  const { t } = ctx.i18n;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1>{t('home.hello', { name: home.displayName })}</h1>
      <div class="home-grid">
        <Waiting ctx={ctx} home={home} />
        <Status ctx={ctx} home={home} />
        <Teams ctx={ctx} home={home} />
        <Room ctx={ctx} home={home} />
        <Next ctx={ctx} home={home} />
      </div>
      <p>
        <a href="/?public=1">{t('home.public')}</a>
      </p>
    </Layout>
  );
}
