import type { MetaFunction } from '@remix-run/node'
import { translator, useLocale, useT } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('privacy.title'))

const TEXT = {
  cs: {
    sections: [
      [
        'Co o vás ukládáme',
        'Jméno a příjmení, e-mail, školu nebo úřad, zda se přihlašujete jako učitel/ka (a stupeň školy), úředník/úřednice nebo jinak, případnou poznámku, čas přihlášky a souhlasu a později údaj o účasti. Datum narození jen u workshopů, jejichž osvědčení ho podle pravidel akreditace musí uvádět; jinde se na něj neptáme.',
      ],
      [
        'Proč',
        'Abychom vám rezervovali místo, poslali potvrzení a pozvánku do kalendáře, vedli pořadník, vytiskli prezenční listinu, vydali osvědčení o absolvování a mohli pořadateli a zřizovateli vykázat souhrnná čísla (kolik lidí, z jakých typů škol a úřadů).',
      ],
      [
        'Jak dlouho',
        'Osobní údaje uchováváme do 12 měsíců po konání workshopu, u akreditovaných vzdělávacích programů po dobu, kterou vyžadují jejich pravidla. Potom přihlášky anonymizujeme: zůstanou jen souhrnné statistiky bez jmen a e-mailů.',
      ],
      ['Kdo je vidí', 'Pořadatel workshopu a lektor. Nikomu dalšímu je nepředáváme.'],
      [
        'Vaše práva',
        'Přihlášku si můžete kdykoli zobrazit a zrušit přes odkaz z e-mailu. O výpis, opravu nebo výmaz údajů můžete požádat pořadatele na e-mailu uvedeném u workshopu. Máte také právo podat stížnost u Úřadu pro ochranu osobních údajů.',
      ],
      [
        'Právní základ',
        'Zpracování je nezbytné pro splnění úkolu ve veřejném zájmu (vzdělávání pedagogických pracovníků a úředníků) a probíhá na základě vašeho souhlasu, který můžete odvolat zrušením přihlášky.',
      ],
    ],
  },
  en: {
    sections: [
      [
        'What we keep',
        'Your name, e-mail, school or office, whether you book as a teacher (and the school level), an official or otherwise, an optional note, when you booked and consented, and later whether you attended. Your date of birth only for workshops whose certificate must show it under the rules of their accreditation; we do not ask for it elsewhere.',
      ],
      [
        'Why',
        'To book your seat, send a confirmation and calendar invitation, run the waiting list, print the attendance sheet, issue your certificate, and report totals to the organiser and its founder (how many people, from which kinds of schools and offices).',
      ],
      [
        'How long',
        'We keep personal data for up to 12 months after the workshop, or as long as the rules of an accredited programme require. Then bookings are anonymised: only totals without names or e-mails remain.',
      ],
      ['Who sees it', 'The organiser of the workshop and the lecturer. We pass it to nobody else.'],
      [
        'Your rights',
        'You can see and cancel your booking at any time through the link in your e-mail. Ask the organiser, at the address shown with the workshop, for a copy, a correction or deletion of your data. You may also complain to the Czech Office for Personal Data Protection.',
      ],
      [
        'Legal basis',
        'Processing is necessary for a task in the public interest (training teachers and officials) and is based on your consent, which you withdraw by cancelling the booking.',
      ],
    ],
  },
} as const

export default function Privacy() {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="narrow prose">
      <h1>{t('privacy.title')}</h1>
      {TEXT[locale].sections.map(([heading, text]) => (
        <section key={heading}>
          <h2>{heading}</h2>
          <p>{text}</p>
        </section>
      ))}
    </div>
  )
}
