import { useT } from '~/i18n/intl'
import { googleCalendarUrl, outlookCalendarUrl, type CalendarEvent } from '~/utils/calendar-links'

/** Links that open the event in Google Calendar or Outlook.com, for people without a calendar app. */
export function AddToCalendar({ event }: { event: CalendarEvent }) {
  const t = useT()
  return (
    <div className="calendar-links">
      <p>{t('calendar.add')}</p>
      <a href={googleCalendarUrl(event)} rel="noopener noreferrer">
        {t('calendar.google')}
      </a>
      <a href={outlookCalendarUrl(event)} rel="noopener noreferrer">
        {t('calendar.outlook')}
      </a>
    </div>
  )
}
