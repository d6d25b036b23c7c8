import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../db/schema'

export { ATTENDANCE_STATUSES, type AttendanceStatus }

/** Present and late people have attended: they get a certificate and the attendees' worksheets. */
export const ATTENDED: AttendanceStatus[] = ['present', 'late']

/** What closing attendance does with people holding a seat whose attendance nobody marked. */
export const UNMARKED_CHOICES = ['leave', 'absent'] as const
export type UnmarkedChoice = (typeof UNMARKED_CHOICES)[number]
