/*
 * The domain's fixed lists, as the pages and components take them: from here, not from
 * db/schema, so the schema can change shape without the views noticing.
 */
export {
  AUDIENCES,
  LANGUAGES,
  LICENCES,
  PARTICIPANT_TYPES,
  ROLES,
  SCHOOL_LEVELS,
  TOPICS,
  VISIBILITIES,
  type Audience,
  type Licence,
  type ParticipantType,
  type Role,
  type SchoolLevel,
  type Topic,
  type Visibility,
} from '../../db/schema'
export { ATTENDANCE_STATUSES, UNMARKED_CHOICES, type AttendanceStatus, type UnmarkedChoice } from './attendance-status'

/** A feedback rating, from 1 (did not like it at all) to 5 (excellent). */
export const RATINGS = [1, 2, 3, 4, 5] as const
export type Rating = (typeof RATINGS)[number]

/** The reminder plans a workshop can choose (hours before the start, as reminders.server reads them); '' sends none. */
export const REMINDER_CHOICES = ['72,2', '72', '24,2', '24', '2', ''] as const
