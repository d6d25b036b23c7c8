import type { Kysely } from 'kysely'
import type { SignedInUser } from '~/models/auth.server'
import { createWorksheets } from '~/models/worksheets.server'
import { ALLOWED } from '~/utils/file-types.server'
import { storeStream } from '~/utils/file-store.server'
import type { DB, Licence, SchoolLevel, Visibility } from '../schema'

type DemoWorksheet = {
  workshop: string
  name: string
  title: string
  description: string
  licence: Licence
  visibility: Visibility
  levels: SchoolLevel[]
  type: 'csv' | 'txt'
  content: string
}

const months = [
  'leden',
  'únor',
  'březen',
  'duben',
  'květen',
  'červen',
  'červenec',
  'srpen',
  'září',
  'říjen',
  'listopad',
  'prosinec',
]
// Illustrative figures shaped like the region's climate, not measurements: the file says so.
const temperature = [-2.1, -0.8, 2.9, 7.8, 12.6, 16.0, 17.9, 17.4, 13.2, 8.4, 3.5, -0.6]
const rainfall = [78, 64, 70, 55, 82, 96, 110, 98, 71, 66, 74, 85]

const weatherCsv =
  '\uFEFF' +
  [
    'měsíc;průměrná teplota (°C);srážky (mm);poznámka',
    ...months.map((m, i) => `${m};${String(temperature[i]).replace('.', ',')};${rainfall[i]};`),
  ]
    .concat('zdroj;ilustrativní data pro výuku, ne měření ČHMÚ;;')
    .join('\r\n') +
  '\r\n'

const phishingChecklist = `Kontrolní seznam: podezřelý e-mail

1. Čeká odesílatel, že zareagujete hned (termín dnes, hrozba zablokováním účtu)?
2. Sedí adresa odesílatele k organizaci, za kterou se vydává? Podívejte se na doménu za zavináčem.
3. Kam vede odkaz? Najeďte na něj myší, neklikejte.
4. Chce po vás heslo, platbu, údaje o kartě nebo otevření přílohy?
5. Oslovuje vás obecně („Vážený zákazníku“) nebo s chybami v češtině?

Když váháte: nic neotevírejte, e-mail přepošlete správci IT a ověřte věc telefonem na číslo,
které znáte odjinud.
`

const spreadsheetSolutions = `Řešení úloh z workshopu Tabulkový kalkulátor nad daty kraje

Úloha 1 – průměr po obcích: =PRŮMĚR(C2:C40), v anglické verzi =AVERAGE(C2:C40)
Úloha 2 – podíl obyvatel nad 65 let: =D2/B2, formát procenta, jedno desetinné místo
Úloha 3 – kontingenční tabulka: řádky okres, hodnoty součet obyvatel
Úloha 4 – graf: sloupcový, osy popsané, zdroj dat pod grafem
`

export const demoWorksheets: DemoWorksheet[] = [
  {
    workshop: 'pozvete-data-do-hodin-1-stupen',
    name: 'Počasí v kraji – teploty a srážky po měsících.csv',
    title: 'Počasí v kraji – teploty a srážky po měsících',
    description: 'Tabulka pro první grafy v hodině: průměrná teplota a srážky po měsících.',
    licence: 'CC BY 4.0',
    visibility: 'public',
    levels: ['zs'],
    type: 'csv',
    content: weatherCsv,
  },
  {
    workshop: 'phishing-a-socialni-inzenyrstvi',
    name: 'Kontrolní seznam – podezřelý e-mail.txt',
    title: 'Kontrolní seznam – podezřelý e-mail',
    description: 'Pět otázek, které si položit, než kliknete.',
    licence: 'CC BY-SA 4.0',
    visibility: 'public',
    levels: [],
    type: 'txt',
    content: phishingChecklist,
  },
  {
    workshop: 'tabulkovy-kalkulator-nad-daty-kraje',
    name: 'Řešení úloh – tabulkový kalkulátor.txt',
    title: 'Řešení úloh – tabulkový kalkulátor',
    description: 'Vzorová řešení pro ty, kdo na workshopu byli.',
    licence: 'CC BY 4.0',
    visibility: 'attendees',
    levels: ['ss'],
    type: 'txt',
    content: spreadsheetSolutions,
  },
]

/** Uploads the demo worksheets as an organiser does: the file store, then createWorksheets. */
export async function seedDemoWorksheets(db: Kysely<DB>, { user, now }: { user: SignedInUser; now: Date }): Promise<void> {
  for (const sheet of demoWorksheets) {
    const workshop = await db.selectFrom('workshops').select('id').where('slug', '=', sheet.workshop).executeTakeFirstOrThrow()
    const bytes = Buffer.from(sheet.content, 'utf8')
    const stored = await storeStream(
      db,
      (async function* () {
        yield bytes
      })(),
      { maxBytes: bytes.length, now },
    )
    const created = await createWorksheets(db, {
      workshopId: workshop.id,
      meta: {
        title: sheet.title,
        description: sheet.description,
        licence: sheet.licence,
        visibility: sheet.visibility,
        levels: sheet.levels,
      },
      files: [
        {
          fileId: stored.fileId,
          originalName: sheet.name,
          contentType: ALLOWED[sheet.type],
          size: stored.size,
          sha256: stored.sha256,
        },
      ],
      user,
      now,
    })
    if (created.kind !== 'created') throw new Error(`demo worksheet ${sheet.name}: ${created.kind}`)
  }
}
