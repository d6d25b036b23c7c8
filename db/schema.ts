import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/*
 * The database as the application sees it. Instants are ISO-8601 strings in UTC
 * ("2026-12-01T14:00:00.000Z"): they sort as text on every engine and convert at the edge.
 * Booleans are 0/1 integers for the same reason.
 */

export const TOPICS = ['data_literacy', 'cybersecurity', 'open_data', 'other'] as const
export type Topic = (typeof TOPICS)[number]

export const AUDIENCES = [
  'teacher_ms',
  'teacher_zs',
  'teacher_ss',
  'teacher_vos',
  'official',
  'public',
] as const
export type Audience = (typeof AUDIENCES)[number]

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

export interface OrganiserTable {
  id: Generated<number>
  name: string
  email: string
  website: string | null
  created_at: string
}

export interface WorkshopTable {
  id: Generated<number>
  slug: string
  title: string
  summary: string
  description_md: string
  topic: Topic
  length_hours: number
  language: 'cs' | 'en'
  organiser_id: number
  published: 0 | 1
  /** Lower-case text without diacritics, kept by the model so search is portable SQL. */
  search_text: string
  created_at: string
  updated_at: string
}

export interface WorkshopAudienceTable {
  workshop_id: number
  audience: Audience
}

export interface SessionTable {
  id: Generated<number>
  workshop_id: number
  starts_at: string
  ends_at: string
  venue_name: string | null
  address: string | null
  room: string | null
  online_url: string | null
  capacity: number
  /** Kept in step with registrations in the same transaction; a CHECK keeps it within capacity. */
  confirmed_count: number
  waitlisted_count: number
  registration_opens_at: string | null
  registration_closes_at: string | null
  status: SessionStatus
  created_at: string
  updated_at: string
}

export interface RegistrationTable {
  id: Generated<number>
  session_id: number
  full_name: string
  email: string
  organisation: string | null
  status: RegistrationStatus
  created_at: string
  updated_at: string
}

export interface DB {
  organisers: OrganiserTable
  workshops: WorkshopTable
  workshop_audiences: WorkshopAudienceTable
  sessions: SessionTable
  registrations: RegistrationTable
}

export type Workshop = Selectable<WorkshopTable>
export type NewWorkshop = Insertable<WorkshopTable>
export type WorkshopUpdate = Updateable<WorkshopTable>
export type Session = Selectable<SessionTable>
export type NewSession = Insertable<SessionTable>
export type Organiser = Selectable<OrganiserTable>
