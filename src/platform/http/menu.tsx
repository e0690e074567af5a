import type { PageContext } from './context.js';
import type { MessageKey } from '../i18n/index.js';

interface MenuItem {
  href: string;
  label: MessageKey;
  show: boolean;
}

/** The pages a person may use, by group, in the order a volunteer looks for them. */
function menuGroups(ctx: PageContext): { label: MessageKey; items: MenuItem[] }[] {
  const may = ctx.allowed;
  return [
    {
      label: 'nav.group.mine',
      items: [
        { href: '/profile', label: 'nav.profile', show: ctx.actor.personId !== null },
        { href: '/contributions/new', label: 'nav.contributions', show: may('contributions.declare') },
        { href: '/membership', label: 'nav.membership', show: may('applications.apply') },
      ],
    },
    {
      label: 'nav.group.association',
      items: [
        { href: '/requests', label: 'nav.requests', show: may('requests.handle') },
        { href: '/bureau/sessions', label: 'nav.sessions', show: may('bureau.sessions.read') },
        { href: '/assemblies', label: 'nav.assemblies', show: may('assemblies.read') },
        { href: '/people', label: 'nav.people', show: may('people.list') },
        { href: '/members', label: 'nav.register', show: may('members.register') },
        { href: '/bureau', label: 'nav.bureau', show: may('bureau.members.list') },
        { href: '/minutes', label: 'nav.minutes', show: may('bureau.minutes.read') && !may('bureau.sessions.read') },
        { href: '/equipe', label: 'nav.team', show: true },
        { href: '/requests/new', label: 'nav.contact', show: !may('requests.handle') },
      ],
    },
    {
      label: 'nav.group.admin',
      items: [
        { href: '/admin/settings', label: 'nav.settings', show: may('site.settings') },
        { href: '/rooms', label: 'nav.rooms', show: may('rooms.read') },
        { href: '/audit', label: 'nav.audit', show: may('audit.read') },
        { href: '/admin/mail', label: 'nav.mail', show: may('mail.read') },
      ],
    },
  ]
    .map((g) => ({ label: g.label as MessageKey, items: g.items.filter((i) => i.show) as MenuItem[] }))
    .filter((g) => g.items.length > 0);
}

/** At most this many pages sit in the bar beside Home on a wide screen; the rest are in the menu. */
const PRIMARY = 3;
const PRIMARY_ORDER = ['/requests', '/bureau/sessions', '/people', '/contributions/new', '/assemblies', '/membership'];

function NavLink(props: { ctx: PageContext; href: string; label: string }) {
  const here = props.ctx.path.split('?')[0] === props.href;
  return (
    <a href={props.href} aria-current={here ? 'page' : undefined}>
      {props.label}
    </a>
  );
}

/**
 * The site's menu. A visitor has four links and sees them all. A signed-in person sees Home and
 * at most three pages they use most in the bar, and everything they may use in one "Menu" — a
 * <details> element, which opens and closes without any script (the Content-Security-Policy
 * forbids inline scripts). On a phone the bar keeps only Home and the menu; the three pages
 * appear inside the menu instead (app.css: .nav-primary / .menu-primary).
 */
export function SiteMenu(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t } = ctx.i18n;
  if (ctx.actor.personId === null) {
    return (
      <>
        <li>
          <NavLink ctx={ctx} href="/" label={t('nav.home')} />
        </li>
        <li>
          <NavLink ctx={ctx} href="/equipe" label={t('nav.team')} />
        </li>
        <li>
          <NavLink ctx={ctx} href="/requests/new" label={t('nav.contact')} />
        </li>
        <li>
          <a href="/login">{t('nav.login')}</a>
        </li>
      </>
    );
  }
  const groups = menuGroups(ctx);
  const all = groups.flatMap((g) => g.items);
  const primary = PRIMARY_ORDER.filter((href) => all.some((i) => i.href === href)).slice(0, PRIMARY);
  return (
    <>
      <li>
        <NavLink ctx={ctx} href="/" label={t('nav.home')} />
      </li>
      {primary.map((href) => (
        <li class="nav-primary">
          <NavLink ctx={ctx} href={href} label={t(all.find((i) => i.href === href)!.label)} />
        </li>
      ))}
      <li>
        <details class="dropdown site-menu">
          <summary>{t('nav.menu')}</summary>
          <ul>
            {groups.map((g) => (
              <>
                <li class="menu-group">
                  <small>{t(g.label)}</small>
                </li>
                {g.items.map((i) => (
                  <li class={primary.includes(i.href) ? 'menu-primary' : undefined}>
                    <NavLink ctx={ctx} href={i.href} label={t(i.label)} />
                  </li>
                ))}
              </>
            ))}
            <li>
              <form method="post" action="/logout" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrf} />
                <button type="submit" class="secondary outline">
                  {t('nav.logout')}
                </button>
              </form>
            </li>
          </ul>
        </details>
      </li>
    </>
  );
}
