import SQLite from 'better-sqlite3';
const db = new SQLite(process.argv[2] ?? '/tmp/b5m.db');
const which = process.argv[3];
if (process.env.CACHE) db.pragma('cache_size = ' + process.env.CACHE);
const qs: Record<string, string> = {
  mkcover: `create index if not exists contributions_person_activity on contributions(person_id, occurred_on, status, kind)`,
  A: `select person_id, max(case when status = 'confirmed' then occurred_on end) last_on,
        sum(case when status = 'confirmed' and occurred_on >= '2025-11-28' then 1 else 0 end) in_window,
        sum(case when status = 'declared' and occurred_on >= '2025-11-28' then 1 else 0 end) awaiting
      from contributions where occurred_on <= '2026-11-28' and status in ('confirmed','declared') group by person_id`,
  A1: `select person_id, max(occurred_on) last_on, sum(occurred_on >= '2025-11-28') in_window
      from contributions where occurred_on <= '2026-11-28' and status = 'confirmed' group by person_id`,
  count: `select count(*) from contributions`,
  dropold: `drop index if exists contributions_person_date`,
  R: `with ranked as (select person_id, occurred_on, row_number() over (partition by person_id order by occurred_on desc) rn
        from contributions where occurred_on between '2025-11-28' and '2026-11-28' and status = 'confirmed')
      select person_id, count(*) n, max(occurred_on) last, max(case when rn = 1 then occurred_on end) nth from ranked group by person_id`,
  P4: `select p.id,
        (select occurred_on from contributions c where c.person_id = p.id and c.occurred_on <= '2026-11-28' and c.status = 'confirmed' order by c.occurred_on desc limit 1) last_on,
        (select count(*) from contributions c where c.person_id = p.id and c.occurred_on between '2025-11-28' and '2026-11-28' and c.status = 'confirmed') n,
        (select occurred_on from contributions c where c.person_id = p.id and c.occurred_on between '2025-11-28' and '2026-11-28' and c.status = 'confirmed' order by c.occurred_on desc limit 1 offset 2) nth,
        (select count(*) from contributions c where c.person_id = p.id and c.occurred_on between '2025-11-28' and '2026-11-28' and c.status = 'declared') awaiting
      from people p`,
  P2: `select p.id,
        (select occurred_on from contributions c where c.person_id = p.id and c.occurred_on <= '2026-11-28' and c.status = 'confirmed' order by c.occurred_on desc limit 1) last_on,
        (select sum(case when c.status = 'confirmed' then 1 else 0 end) * 1000000 + sum(case when c.status = 'declared' then 1 else 0 end) from contributions c where c.person_id = p.id and c.occurred_on between '2025-11-28' and '2026-11-28' and c.status in ('confirmed', 'declared')) n
      from people p`,
  G: `select person_id, count(*) n from contributions where occurred_on between '2025-11-28' and '2026-11-28' and status = 'confirmed' group by person_id`,
  W: `select person_id, count(*) n, max(occurred_on) from contributions where occurred_on between '2025-11-28' and '2026-11-28' and status = 'confirmed' group by person_id`,
  P: `select p.id, (select max(occurred_on) from contributions c where c.person_id = p.id and c.occurred_on <= '2026-11-28' and c.status = 'confirmed') last_on,
        (select count(*) from contributions c where c.person_id = p.id and c.occurred_on between '2025-11-28' and '2026-11-28' and c.status = 'confirmed') n
      from people p`,
};
for (const k of which.split(',')) {
  const t0 = performance.now();
  const st = db.prepare(qs[k]);
  const plan = st.reader
    ? db
        .prepare('explain query plan ' + qs[k])
        .all()
        .map((r: any) => r.detail)
        .join(' | ')
    : '';
  const r = st.reader ? st.all() : st.run();
  console.log(k, Math.round(performance.now() - t0), 'ms', Array.isArray(r) ? r.length : '', plan);
}
