import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import pg from 'pg'
const t0=Date.now()
const lite = await PGlite.create('memory://')
console.log('create', Date.now()-t0)
const pool = new pg.Pool(createPgConfig(lite) as any)
await pool.query('create table a(x int); create table b(y int); insert into a values (1);')
console.log((await pool.query('select * from a where x=$1',[1])).rows)
const c = await pool.connect(); await c.query('begin'); await c.query('insert into a values (2)'); await c.query('rollback'); c.release()
console.log((await pool.query('select count(*) from a')).rows)
const t1=Date.now(); const dump = await lite.dumpDataDir('none'); console.log('dump', Date.now()-t1, dump.size)
const t2=Date.now(); const l2 = await PGlite.create({loadDataDir: dump}); console.log('load', Date.now()-t2, (await l2.query('select count(*) from a')).rows)
const t3=Date.now(); const l3 = await lite.clone(); console.log('clone', Date.now()-t3)
