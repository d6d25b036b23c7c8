import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../db/schema'

export { ATTENDANCE_STATUSES, type AttendanceStatus }

/** Present and late people have attended: they get a certificate and the attendees' worksheets. */
export const ATTENDED: AttendanceStatus[] = ['present', 'late']
