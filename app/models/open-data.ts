/*
 * The open datasets: aggregates of the statistics (app/models/statistics.server.ts), without
 * personal data, published as CSV (RFC 4180, UTF-8) and JSON with CSV on the Web metadata
 * (W3C CSVW, as the Czech open formal norms recommend) and DCAT-AP-CZ records that the
 * national catalogue (NKOD) harvests. One definition per dataset serves all of them.
 */

export type ColumnType = 'integer' | 'decimal' | 'string' | 'gYearMonth' | 'gYear'

export type OpenDataColumn = {
  name: string
  type: ColumnType
  /** False where a value may be withheld (a count below the threshold) or does not exist (a rate of nothing). */
  required: boolean
  cs: string
  en: string
}

export type OpenDataset = {
  id: OpenDatasetId
  cs: { title: string; description: string; keywords: string[] }
  en: { title: string; description: string; keywords: string[] }
  columns: OpenDataColumn[]
  /** The columns that, together, name one row. */
  primaryKey: string[]
}

/** People counts from 1 to 4 in a breakdown are withheld: such a row could single someone out. */
export const SUPPRESSION_THRESHOLD = 5

const count = (name: string, cs: string, en: string, required = true): OpenDataColumn => ({
  name,
  type: 'integer',
  required,
  cs,
  en,
})
const rate = (name: string, cs: string, en: string): OpenDataColumn => ({ name, type: 'decimal', required: false, cs, en })
const text = (name: string, cs: string, en: string, required = true): OpenDataColumn => ({
  name,
  type: 'string',
  required,
  cs,
  en,
})

export const OPEN_DATASET_IDS = ['workshops-monthly', 'participants-by-type', 'participants-by-organisation'] as const
export type OpenDatasetId = (typeof OPEN_DATASET_IDS)[number]

const organiserColumns = [
  count('organiser_id', 'Číselný identifikátor pořadatele v systému', 'The organiser’s number in the system'),
  text('organiser', 'Pořadatel (organizující instituce)', 'Organiser (the organising body)'),
]

export const OPEN_DATASETS: OpenDataset[] = [
  {
    id: 'workshops-monthly',
    cs: {
      title: 'Workshopy o datech a kybernetické bezpečnosti: souhrn po měsících',
      description:
        'Za každý měsíc a pořadatele: uskutečněné a zrušené termíny, nabídnutá místa, přihlášky, pořadníky, účast, vydaná osvědčení a hodnocení. Termín patří do měsíce, ve kterém začal. Průměrné hodnocení se zveřejňuje jen z nejméně pěti odpovědí.',
      keywords: ['vzdělávání', 'workshopy', 'datová gramotnost', 'kybernetická bezpečnost', 'DVPP'],
    },
    en: {
      title: 'Workshops on data and cybersecurity: monthly summary',
      description:
        'For each month and organiser: sessions held and cancelled, seats offered, bookings, waiting lists, attendance, certificates issued and ratings. A session belongs to the month it started in. The average rating is published only from five answers or more.',
      keywords: ['education', 'workshops', 'data literacy', 'cybersecurity', 'teacher training'],
    },
    primaryKey: ['month', 'organiser_id'],
    columns: [
      {
        name: 'month',
        type: 'gYearMonth',
        required: true,
        cs: 'Měsíc (RRRR-MM, pražský čas)',
        en: 'Month (YYYY-MM, Prague time)',
      },
      ...organiserColumns,
      count('sessions_held', 'Uskutečněné termíny', 'Sessions held'),
      count('sessions_cancelled', 'Zrušené termíny', 'Sessions cancelled'),
      count('seats_offered', 'Nabídnutá místa na uskutečněných termínech', 'Seats offered at sessions held'),
      count('bookings', 'Přihlášky s místem (včetně zapsaných na místě)', 'Bookings holding a seat (walk-ins included)'),
      count('walk_ins', 'Zapsaní na místě', 'Walk-ins'),
      count('cancelled_bookings', 'Zrušené přihlášky', 'Cancelled bookings'),
      count(
        'waiting_list_demand',
        'Lidé, kteří při začátku termínu stále čekali v pořadníku',
        'People still on the waiting list when the session started',
      ),
      count(
        'expected',
        'Očekávaní účastníci na termínech s uzavřenou docházkou',
        'People expected at sessions with attendance closed',
      ),
      count('attended', 'Přítomní (včas nebo pozdě)', 'Attended (on time or late)'),
      count('excused', 'Omluvení', 'Excused'),
      count('absent', 'Nepřítomní bez omluvy', 'Absent'),
      count('certificates_issued', 'Vydaná osvědčení', 'Certificates issued'),
      count('feedback_responses', 'Odpovědi na hodnocení', 'Feedback answers'),
      rate('fill_rate', 'Obsazenost (přihlášky / místa)', 'Fill rate (bookings / seats)'),
      rate('attendance_rate', 'Účast (přítomní / očekávaní)', 'Attendance rate (attended / expected)'),
      rate('no_show_rate', 'Neomluvená neúčast (nepřítomní / očekávaní)', 'No-show rate (absent / expected)'),
      rate(
        'feedback_average',
        'Průměrné hodnocení 1–5 (jen z nejméně 5 odpovědí)',
        'Average rating 1–5 (only from 5 answers or more)',
      ),
    ],
  },
  {
    id: 'participants-by-type',
    cs: {
      title: 'Workshopy o datech a kybernetické bezpečnosti: účastníci podle typu',
      description:
        'Za každý kalendářní rok a pořadatele: přihlášení a přítomní podle typu účastníka (učitelé podle stupně školy, úředníci, ostatní). Počty 1 až 4 se nezveřejňují, aby nešlo poznat jednotlivce.',
      keywords: ['vzdělávání', 'workshopy', 'učitelé', 'úředníci', 'DVPP'],
    },
    en: {
      title: 'Workshops on data and cybersecurity: participants by type',
      description:
        'For each calendar year and organiser: people booked and attended by type of participant (teachers by school level, officials, others). Counts from 1 to 4 are withheld so that no one can be singled out.',
      keywords: ['education', 'workshops', 'teachers', 'officials', 'teacher training'],
    },
    primaryKey: ['year', 'organiser_id', 'participant_type'],
    columns: [
      { name: 'year', type: 'gYear', required: true, cs: 'Rok', en: 'Year' },
      ...organiserColumns,
      text(
        'participant_type',
        'Typ účastníka: teacher_ms, teacher_zs, teacher_ss, teacher_vos, teacher_unstated, official, other, unstated',
        'Type of participant: teacher_ms, teacher_zs, teacher_ss, teacher_vos, teacher_unstated, official, other, unstated',
      ),
      count('bookings', 'Přihlášky s místem (prázdné: 1 až 4)', 'Bookings holding a seat (empty: 1 to 4)', false),
      count('attended', 'Přítomní (prázdné: 1 až 4)', 'Attended (empty: 1 to 4)', false),
    ],
  },
  {
    id: 'participants-by-organisation',
    cs: {
      title: 'Workshopy o datech a kybernetické bezpečnosti: účastníci podle školy nebo úřadu',
      description:
        'Za každý kalendářní rok a pořadatele: přihlášení a přítomní podle školy nebo úřadu, které účastníci uvedli. Řádky s počtem 1 až 4 se nezveřejňují, aby nešlo poznat jednotlivce; anonymizované přihlášky (po uplynutí doby uchovávání) jsou mezi „neuvedeno“.',
      keywords: ['vzdělávání', 'workshopy', 'školy', 'obce', 'úřady'],
    },
    en: {
      title: 'Workshops on data and cybersecurity: participants by school or office',
      description:
        'For each calendar year and organiser: people booked and attended by the school or office they named. Rows with a count from 1 to 4 are withheld so that no one can be singled out; anonymised bookings (after the retention period) are under "not stated".',
      keywords: ['education', 'workshops', 'schools', 'municipalities', 'offices'],
    },
    primaryKey: ['year', 'organiser_id', 'organisation'],
    columns: [
      { name: 'year', type: 'gYear', required: true, cs: 'Rok', en: 'Year' },
      ...organiserColumns,
      text(
        'organisation',
        'Škola nebo úřad (prázdné: neuvedeno nebo anonymizováno)',
        'School or office (empty: not stated or anonymised)',
        false,
      ),
      count('bookings', 'Přihlášky s místem', 'Bookings holding a seat'),
      count('attended', 'Přítomní (prázdné: 1 až 4)', 'Attended (empty: 1 to 4)', false),
    ],
  },
]

export function openDataset(id: string): OpenDataset | undefined {
  return OPEN_DATASETS.find((d) => d.id === id)
}

export const OPEN_DATA_LICENCE = 'https://creativecommons.org/licenses/by/4.0/'
