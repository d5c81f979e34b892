/**
 * date, timestamp, timestamptz and interval: every connection (MikroORM's, the read pool, embedded PGlite)
 * returns them as PostgreSQL's text, as MikroORM expects. A JavaScript Date would drop the microseconds
 * that cursors need (src/db/cursor.ts) and would read a date in the process's time zone.
 */
export const RAW_TIME_TYPES = [1082, 1114, 1184, 1186];
