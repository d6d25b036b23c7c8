import { useT } from '~/i18n/intl'

/*
 * Contacts as the privacy page and the accessibility statement show them: the organising
 * bodies (from the database), and a person or body the deployment names (OPERATOR_*, DPO_*).
 */

export type OrganiserContact = { name: string; email: string; website: string | null }
export type Contact = { name: string | null; email: string; phone: string | null }

/** "+420 485 226 111" as a tel: link, without the spaces. */
const telHref = (phone: string) => `tel:${phone.replace(/[\s-]/g, '')}`

export function OrganiserContacts({ organisers }: { organisers: OrganiserContact[] }) {
  const t = useT()
  return (
    <ul>
      {organisers.map((c) => (
        <li key={c.email + c.name}>
          {c.name}
          {' – '}
          {t('privacy.controller.email')}: <a href={`mailto:${c.email}`}>{c.email}</a>
          {c.website ? (
            <>
              {', '}
              {t('privacy.controller.website')}: <a href={c.website}>{c.website}</a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

export function ContactDetails({ contact }: { contact: Contact }) {
  const t = useT()
  return (
    <p>
      {contact.name ? (
        <>
          {contact.name}
          <br />
        </>
      ) : null}
      {t('privacy.controller.email')}: <a href={`mailto:${contact.email}`}>{contact.email}</a>
      {contact.phone ? (
        <>
          <br />
          {t('privacy.contact.phone')}: <a href={telHref(contact.phone)}>{contact.phone}</a>
        </>
      ) : null}
    </p>
  )
}
