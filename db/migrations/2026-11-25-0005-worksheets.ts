import { sql, type Kysely } from 'kysely'
import { identity, isSqlite } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // Files live in the database in chunks: downloads stream, and several app instances need
  // no shared disk. A file is complete once all its chunks are in and it was checked.
  await db.schema
    .createTable('files')
    .addColumn('id', 'integer', identity(db))
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sha256', 'text')
    .addColumn('content_type', 'text')
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('file_chunks')
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', isSqlite(db) ? 'blob' : sql`bytea`, (c) => c.notNull())
    .addPrimaryKeyConstraint('file_chunks_pk', ['file_id', 'seq'])
    .execute()

  await db.schema
    .createTable('worksheets')
    .addColumn('id', 'integer', identity(db))
    .addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'registered', 'attendees')`))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('current_version_id', 'integer')
    .addColumn('download_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('worksheets_workshop').on('worksheets').column('workshop_id').execute()
  await db.schema
    .createTable('worksheet_levels')
    .addColumn('worksheet_id', 'integer', (c) => c.notNull().references('worksheets.id').onDelete('cascade'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('ms', 'zs', 'ss', 'vos')`))
    .addPrimaryKeyConstraint('worksheet_levels_pk', ['worksheet_id', 'level'])
    .execute()
  // Replacing a file adds a version; the older ones stay for organisers.
  await db.schema
    .createTable('worksheet_versions')
    .addColumn('id', 'integer', identity(db))
    .addColumn('worksheet_id', 'integer', (c) => c.notNull().references('worksheets.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('worksheet_versions_worksheet').on('worksheet_versions').column('worksheet_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['worksheet_versions', 'worksheet_levels', 'worksheets', 'file_chunks', 'files']) {
    await db.schema.dropTable(table).execute()
  }
}
