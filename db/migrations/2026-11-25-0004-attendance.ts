import { randomInt } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { identity } from '../dialect'

// Crockford's base32 without look-alikes (no I, L, O, U): read aloud and typed on a phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const code = (length: number) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('check_in_code', 'text').execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('attendance', 'text', (c) => c.check(sql`attendance in ('present', 'late', 'excused', 'absent')`))
    .execute()
  await db.schema.alterTable('registrations').addColumn('attendance_marked_at', 'text').execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('walk_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('registrations').addColumn('date_of_birth', 'text').execute()

  const existing = await db.selectFrom('registrations').select('id').execute()
  for (const { id } of existing) {
    await db
      .updateTable('registrations')
      .set({ check_in_code: code(8) })
      .where('id', '=', id)
      .execute()
  }
  await db.schema.createIndex('registrations_check_in_code').on('registrations').column('check_in_code').unique().execute()

  await db.schema.alterTable('sessions').addColumn('lecturer', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('attendance_closed_at', 'text').execute()

  // Accredited programmes (DVPP for teachers, officials' training) print a reference and,
  // where the programme needs it, the participant's date of birth.
  await db.schema.alterTable('workshops').addColumn('accreditation_ref', 'text').execute()
  await db.schema
    .alterTable('workshops')
    .addColumn('requires_birth_date', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'integer', identity(db))
    .addColumn('registration_id', 'integer', (c) => c.notNull().unique().references('registrations.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certificates').execute()
  await db.schema.alterTable('workshops').dropColumn('requires_birth_date').execute()
  await db.schema.alterTable('workshops').dropColumn('accreditation_ref').execute()
  await db.schema.alterTable('sessions').dropColumn('attendance_closed_at').execute()
  await db.schema.alterTable('sessions').dropColumn('lecturer').execute()
  await db.schema.dropIndex('registrations_check_in_code').execute()
  for (const column of ['date_of_birth', 'walk_in', 'attendance_marked_at', 'attendance', 'check_in_code']) {
    await db.schema.alterTable('registrations').dropColumn(column).execute()
  }
}
