import { useT } from '~/i18n/intl'

/**
 * The note someone wrote when booking, set apart so an organiser cannot miss it: the booking
 * form asks for accessibility needs there. The label is text, not an icon, so it reads the
 * same aloud, in high contrast and in print.
 */
export function BookingNote({ note, id }: { note: string | null; id?: string }) {
  const t = useT()
  if (!note) return null
  return (
    <p className="booking-note" id={id}>
      <strong className="booking-note__label">{`${t('reg.note')}:`}</strong> <span className="booking-note__text">{note}</span>
    </p>
  )
}
