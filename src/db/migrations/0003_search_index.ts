import {type Kysely, sql} from 'kysely'

/**
 * Trigram search indexes over schools and leaders, kept in step by triggers so that every write
 * path (commands, imports, erasure) updates them in the same transaction.
 *
 * The tables are FTS5 with the trigram tokenizer: case- and accent-insensitive substring postings
 * that the search service uses to shortlist candidates before ranking them in JavaScript. They are
 * contentless (no copy of names or emails is stored) with secure delete, so erasing a leader
 * leaves nothing of their name in the index. Apostrophes are dropped and "saint" is written "st"
 * here, as the query side does (core/text.ts foldName). A PostgreSQL port would use pg_trgm.
 */

// Bodies start and end with a space so that word-boundary trigrams (" bu", "ts ") exist for every word.
export const SCHOOL_BODY = `${foldedSql('s.name')} || coalesce(s.town, '') || ' ' || coalesce(s.la_name, '') || ' ' || coalesce(s.postcode, '') || ' ' || s.urn || ' '`

const LEADER_BODY = `' ' || l.ref || ${foldedSql('p.name')} || coalesce(p.email, '') || ' ' ||
  coalesce((select group_concat(d.reference, ' ') from designations d where d.leader_id = l.id), '') || ' '`

/** SQL for the index-side folding, " " before and after: the tokenizer handles case and accents. */
function foldedSql(column: string): string {
  const withoutApostrophes = `replace(replace(replace(${column}, '''', ''), '’', ''), '‘', '')`
  return `coalesce(replace(replace(' ' || lower(${withoutApostrophes}) || ' ', ' saint ', ' st '), '&', ' and '), ' ')`
}

function refreshSchool(urn: string): string {
  return `delete from school_search where rowid = ${urn};
    insert into school_search (rowid, body) select s.urn, ${SCHOOL_BODY} from schools s where s.urn = ${urn};`
}

function refreshLeader(id: string): string {
  return `delete from leader_search where rowid = ${id};
    insert into leader_search (rowid, body) select l.id, ${LEADER_BODY}
      from leaders l left join leader_personal p on p.leader_id = l.id where l.id = ${id};`
}

const TRIGGERS: [name: string, event: string, body: string][] = [
  ['school_search_insert', 'after insert on schools', refreshSchool('new.urn')],
  [
    'school_search_update',
    `after update of urn, name, town, la_name, postcode on schools when old.urn is not new.urn or old.name is not new.name
      or old.town is not new.town or old.la_name is not new.la_name or old.postcode is not new.postcode`,
    `delete from school_search where rowid = old.urn; ${refreshSchool('new.urn')}`,
  ],
  ['school_search_delete', 'after delete on schools', 'delete from school_search where rowid = old.urn;'],
  ['leader_search_insert', 'after insert on leaders', refreshLeader('new.id')],
  ['leader_search_update', 'after update of ref, erased_at on leaders', refreshLeader('new.id')],
  ['leader_search_delete', 'after delete on leaders', 'delete from leader_search where rowid = old.id;'],
  ['leader_search_personal_insert', 'after insert on leader_personal', refreshLeader('new.leader_id')],
  ['leader_search_personal_update', 'after update of name, email on leader_personal', refreshLeader('new.leader_id')],
  ['leader_search_personal_delete', 'after delete on leader_personal', refreshLeader('old.leader_id')],
  ['leader_search_designation_insert', 'after insert on designations', refreshLeader('new.leader_id')],
  [
    'leader_search_designation_update',
    'after update of reference, leader_id on designations',
    `${refreshLeader('old.leader_id')} ${refreshLeader('new.leader_id')}`,
  ],
  ['leader_search_designation_delete', 'after delete on designations', refreshLeader('old.leader_id')],
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['school_search', 'leader_search']) {
    await sql
      .raw(
        `create virtual table ${table} using fts5(body, content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1')`,
      )
      .execute(db)
    await sql.raw(`insert into ${table} (${table}, rank) values ('secure-delete', 1)`).execute(db)
    // Document frequencies per trigram, so the search can leave out trigrams that say little.
    await sql.raw(`create virtual table ${table}_terms using fts5vocab(${table}, 'row')`).execute(db)
  }
  await sql.raw(`insert into school_search (rowid, body) select s.urn, ${SCHOOL_BODY} from schools s`).execute(db)
  await sql
    .raw(
      `insert into leader_search (rowid, body) select l.id, ${LEADER_BODY} from leaders l left join leader_personal p on p.leader_id = l.id`,
    )
    .execute(db)
  for (const [name, event, body] of TRIGGERS) {
    await sql.raw(`create trigger ${name} ${event} begin ${body} end`).execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of TRIGGERS) await sql.raw(`drop trigger if exists ${name}`).execute(db)
  for (const table of ['school_search', 'leader_search']) {
    await sql.raw(`drop table if exists ${table}_terms`).execute(db)
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
