import type { Migration } from 'kysely'
import * as catalogue from './2026-11-25-0001-catalogue'
import * as registrations from './2026-11-25-0002-registrations'
import * as organiserWorkspace from './2026-11-25-0003-organiser-workspace'
import * as attendance from './2026-11-25-0004-attendance'
import * as worksheets from './2026-11-25-0005-worksheets'
import * as limits from './2026-12-01-0006-limits'
import * as calendarLinks from './2026-12-01-0010-calendar-links'
import * as jobsAndReminders from './2026-12-02-0011-jobs-and-reminders'
import * as stillComing from './2026-12-02-0012-still-coming'
import * as feedback from './2026-12-02-0013-feedback'
import * as dataVersion from './2026-12-07-0014-data-version'
import * as personalData from './2026-12-07-0015-personal-data'
import * as sessionSequence from './2026-12-07-0016-session-sequence'
import * as bookedTimes from './2026-12-08-0017-booked-times'
import * as sessionPlaces from './2026-12-08-0018-session-places'
import * as structureVersion from './2026-12-09-0019-structure-version'

/*
 * Listed by hand instead of read from the file system, so migrations run the same from
 * tsx, vitest and a bundled server. Names sort in the order they must run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-catalogue': catalogue,
  '2026-11-25-0002-registrations': registrations,
  '2026-11-25-0003-organiser-workspace': organiserWorkspace,
  '2026-11-25-0004-attendance': attendance,
  '2026-11-25-0005-worksheets': worksheets,
  '2026-12-01-0006-limits': limits,
  '2026-12-01-0010-calendar-links': calendarLinks,
  '2026-12-02-0011-jobs-and-reminders': jobsAndReminders,
  '2026-12-02-0012-still-coming': stillComing,
  '2026-12-02-0013-feedback': feedback,
  '2026-12-07-0014-data-version': dataVersion,
  '2026-12-07-0015-personal-data': personalData,
  '2026-12-07-0016-session-sequence': sessionSequence,
  '2026-12-08-0017-booked-times': bookedTimes,
  '2026-12-08-0018-session-places': sessionPlaces,
  '2026-12-09-0019-structure-version': structureVersion,
}
