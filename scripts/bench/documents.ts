import type { CertificateData } from '~/models/attendance.server'
import { renderCertificates } from '~/models/documents.server'
import { renderAttendanceSheet } from '~/utils/pdf/attendance-sheet.server'
import { renderCertificate } from '~/utils/pdf/certificate.server'

const SURNAMES = ['Řehořová', 'Šťastný', 'Čermák', 'Chalupová', 'Žáková', 'Dvořák', 'Novotná', 'Kučera']
const people = Array.from({ length: 200 }, (_, i) => ({
  fullName: `${['Jana', 'Petr', 'Lucie', 'Tomáš'][i % 4]} ${SURNAMES[i % SURNAMES.length]} ${i}`,
  organisation: 'ZŠ a MŠ Hrádek nad Nisou, Liberecký kraj',
}))
const certificate = (i: number): CertificateData => ({
  code: `ABCD${String(i).padStart(4, '0')}EFGH`,
  fullName: people[i]!.fullName,
  dateOfBirth: '1980-05-17',
  workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
  lengthHours: 4,
  startsAt: '2026-12-01T07:30:00.000Z',
  endsAt: '2026-12-01T11:30:00.000Z',
  place: 'Krajský úřad Libereckého kraje',
  lecturer: 'Ing. Jiří Šťastný',
  organiserName: 'Liberecká IS, a.s.',
  accreditationRef: 'AK/PV-123/2026',
  issuedAt: '2026-12-01T12:00:00.000Z',
})

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn() // warm-up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await fn()
    times.push(performance.now() - started)
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]!)
}

/** Rendering times of the attendance sheet and certificates, in this process. */
export async function documentTimings() {
  const sheetMs = await median(5, () =>
    renderAttendanceSheet({
      workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
      startsAt: '2026-12-01T07:30:00.000Z',
      endsAt: '2026-12-01T11:30:00.000Z',
      place: 'Krajský úřad Libereckého kraje, U Jezu 642/2a, Liberec',
      lecturer: 'Ing. Jiří Šťastný',
      organiserName: 'Liberecká IS, a.s.',
      lengthHours: 4,
      accreditationRef: 'AK/PV-123/2026',
      people,
      blankRows: 5,
    }),
  )
  const all = people.map((_, i) => certificate(i))
  const batchMs = await median(3, () => renderCertificates(all, { locale: 'cs', appUrl: 'https://kurzy.kraj.example' }))
  const singleMs = await median(9, () =>
    renderCertificate(certificate(0), 'https://kurzy.kraj.example/certificates/ABCD0000EFGH'),
  )
  return [
    { name: 'attendance sheet, 200 people (one PDF)', ms: sheetMs },
    { name: '200 certificates (one PDF, one page each)', ms: batchMs },
    { name: 'one certificate (one PDF, as a participant downloads it)', ms: singleMs },
  ]
}
