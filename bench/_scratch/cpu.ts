import SQLite from 'better-sqlite3';
const db = new SQLite(':memory:');
db.exec('create table t (a integer, b text)');
const s = db.prepare('insert into t values (?, ?)');
let t0 = performance.now();
db.transaction(() => {
  for (let i = 0; i < 500000; i++) s.run(i, 'x' + i);
})();
console.log('2-col single-row', Math.round(500000 / ((performance.now() - t0) / 1000)));
t0 = performance.now();
let x = 0;
for (let i = 0; i < 1e8; i++) x += i % 7;
console.log('js loop 1e8', Math.round(performance.now() - t0), x);
console.log(db.prepare('select sqlite_version() v').get());
