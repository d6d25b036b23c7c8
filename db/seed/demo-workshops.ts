import type { WorkshopFormData } from '~/models/organiser-workshops.server'

/*
 * The demo catalogue: what a regional data portal and a city's IT company in the Liberec
 * region might offer in a season. Text only; dates are made relative to the day of seeding.
 */

export type DemoOrganiser = { key: string; name: string; email: string; website: string }

export const demoOrganisers: DemoOrganiser[] = [
  {
    key: 'portal',
    name: 'Datový portál Libereckého kraje',
    email: 'datovy.portal@kraj-lbc.example',
    website: 'https://data.kraj-lbc.example',
  },
  {
    key: 'lis',
    name: 'Liberecká IS, a.s.',
    email: 'skoleni@lis.example',
    website: 'https://www.lis.example',
  },
  {
    key: 'spslipa',
    name: 'SPŠ Česká Lípa – Juniorní centrum excelence',
    email: 'jce@spscl.example',
    website: 'https://www.spscl.example',
  },
]

export type DemoPlace = { venueName: string; address: string; room: string | null } | { onlineUrl: string }

export const demoPlaces = {
  krajskyUrad: {
    venueName: 'Krajský úřad Libereckého kraje',
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: 'zasedací místnost 1.15',
  },
  magistrat: {
    venueName: 'Magistrát města Liberec',
    address: 'nám. Dr. E. Beneše 1/1, 460 59 Liberec',
    room: 'zasedací místnost č. 209',
  },
  knihovna: {
    venueName: 'Krajská vědecká knihovna v Liberci',
    address: 'Rumjancevova 1362/1, 460 01 Liberec',
    room: 'školicí učebna 2. patro',
  },
  tul: {
    venueName: 'Technická univerzita v Liberci',
    address: 'Studentská 1402/2, 461 17 Liberec',
    room: 'budova G, učebna G 115',
  },
  spsCeskaLipa: {
    venueName: 'Střední průmyslová škola Česká Lípa',
    address: 'Havlíčkova 426, 470 01 Česká Lípa',
    room: 'učebna IT 2',
  },
  jablonec: {
    venueName: 'Magistrát města Jablonec nad Nisou',
    address: 'Mírové nám. 3100/19, 466 01 Jablonec nad Nisou',
    room: 'velká zasedačka',
  },
  turnov: {
    venueName: 'Městský úřad Turnov',
    address: 'Antonína Dvořáka 335, 511 01 Turnov',
    room: 'zasedací místnost 1. patro',
  },
  semily: { venueName: 'Městský úřad Semily', address: 'Husova 82, 513 01 Semily', room: 'malý sál' },
  online: { onlineUrl: 'https://meet.kraj-lbc.example/workshop' },
} satisfies Record<string, DemoPlace>

export type DemoSession = {
  /** Days from the day of seeding; negative is in the past. */
  inDays: number
  /** Local time in Prague. */
  start: string
  end: string
  place: keyof typeof demoPlaces
  capacity: number
  confirmed: number
  waitlisted?: number
  cancelled?: boolean
  /** Days from the day of seeding when booking opens; absent means open now. */
  opensInDays?: number
}

/** A workshop as its form takes it, without the fields the demo leaves empty. */
export type DemoWorkshop = Omit<WorkshopFormData, 'organiserId' | 'accreditationRef' | 'requiresBirthDate'> & {
  organiser: DemoOrganiser['key']
  sessions: DemoSession[]
}

export const demoWorkshops: DemoWorkshop[] = [
  {
    slug: 'pozvete-data-do-hodin-1-stupen',
    title: 'Pozvěte data do hodin! Pro 1. stupeň ZŠ',
    summary: 'Jak s dětmi třídit, počítat a kreslit jednoduché grafy ze skutečných dat o jejich obci a kraji.',
    descriptionMd: `Workshop pro učitelky a učitele 1. stupně, kteří chtějí, aby děti pracovaly se **skutečnými daty** místo vymyšlených čísel.

Co si vyzkoušíte:

- sběr dat ve třídě a jejich zápis do jednoduché tabulky,
- sloupcové a obrázkové grafy z dat o počasí a dopravě v kraji,
- hotové [pracovní listy](https://data.kraj-lbc.example/pracovni-listy), které můžete hned použít.

Přineste si vlastní notebook nebo tablet; několik zapůjčíme.`,
    topic: 'data_literacy',
    audiences: ['teacher_zs'],
    lengthHours: 3,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: -20, start: '14:00', end: '17:00', place: 'krajskyUrad', capacity: 20, confirmed: 18 },
      { inDays: 9, start: '14:00', end: '17:00', place: 'krajskyUrad', capacity: 20, confirmed: 18 },
      { inDays: 44, start: '14:00', end: '17:00', place: 'spsCeskaLipa', capacity: 16, confirmed: 5 },
      { inDays: 98, start: '14:30', end: '17:30', place: 'jablonec', capacity: 20, confirmed: 0, opensInDays: 30 },
    ],
  },
  {
    slug: 'pozvete-data-do-hodin-2-stupen-ss',
    title: 'Pozvěte data do hodin! Pro 2. stupeň ZŠ a střední školy',
    summary: 'Reálná data z portálu kraje v matematice, zeměpisu a informatice: filtrování, grafy a interpretace.',
    descriptionMd: `Ukážeme, jak najít datové sady na **Datovém portálu Libereckého kraje** a jak je použít ve výuce matematiky, zeměpisu, informatiky i občanské výchovy.

1. Kde data hledat a jak poznat, že jsou spolehlivá.
2. Filtrování, řazení a kontingenční tabulky na datech o dopravě a obyvatelstvu.
3. Jak s žáky mluvit o tom, co graf říká a co ne.

Každý účastník odchází se sadou pracovních listů a osvědčením.`,
    topic: 'data_literacy',
    audiences: ['teacher_zs', 'teacher_ss'],
    lengthHours: 4,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: -35, start: '13:00', end: '17:00', place: 'knihovna', capacity: 24, confirmed: 21 },
      { inDays: 6, start: '13:00', end: '17:00', place: 'knihovna', capacity: 24, confirmed: 24, waitlisted: 4 },
      { inDays: 27, start: '13:00', end: '17:00', place: 'tul', capacity: 24, confirmed: 12 },
      { inDays: 120, start: '13:00', end: '17:00', place: 'turnov', capacity: 18, confirmed: 2 },
    ],
  },
  {
    slug: 'data-v-materske-skole',
    title: 'Data v mateřské škole: třídíme, počítáme, kreslíme',
    summary: 'Hravé činnosti, ve kterých předškoláci sbírají údaje a skládají z nich první obrázkové grafy.',
    descriptionMd: `Pro učitelky a učitele mateřských škol. Bez počítače, s kostkami, víčky a papírem.

- třídění podle barvy, tvaru a velikosti,
- „kolik nás dnes přišlo“ jako první časová řada,
- obrázkový graf na nástěnce.`,
    topic: 'data_literacy',
    audiences: ['teacher_ms'],
    lengthHours: 2,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: 13, start: '15:00', end: '17:00', place: 'knihovna', capacity: 15, confirmed: 14 },
      { inDays: 62, start: '15:00', end: '17:00', place: 'semily', capacity: 15, confirmed: 3 },
    ],
  },
  {
    slug: 'tabulkovy-kalkulator-nad-daty-kraje',
    title: 'Tabulkový kalkulátor nad reálnými daty kraje',
    summary: 'Pro učitele informatiky SŠ a VOŠ: větší datové sady, funkce, kontingenční tabulky a čištění dat.',
    descriptionMd: `Na výuku tabulkových kalkulátorů a databází je potřeba **větší množství dat** – a vždy je názornější, když jsou skutečná.

Projdeme čištění dat, vyhledávací funkce, kontingenční tabulky a import do databáze. Pracujeme v LibreOffice Calc i v Excelu.`,
    topic: 'data_literacy',
    audiences: ['teacher_ss', 'teacher_vos'],
    lengthHours: 4,
    language: 'cs',
    organiser: 'spslipa',
    published: true,
    sessions: [
      { inDays: 16, start: '09:00', end: '13:00', place: 'spsCeskaLipa', capacity: 16, confirmed: 9 },
      { inDays: 75, start: '09:00', end: '13:00', place: 'tul', capacity: 20, confirmed: 1 },
    ],
  },
  {
    slug: 'phishing-a-socialni-inzenyrstvi',
    title: 'Phishing a sociální inženýrství: jak nenaletět',
    summary: 'Kybernetická bezpečnost v praxi: jak poznat podvodný e-mail, SMS nebo telefonát a co dělat, když už se stalo.',
    descriptionMd: `Krátké školení **kybernetické bezpečnosti** pro každého, kdo pracuje s e-mailem.

- ukázky skutečných podvodných zpráv, které dorazily na úřady v kraji,
- falešné faktury, „ředitel potřebuje rychle zaplatit“ a podvržené přihlašovací stránky,
- co nahlásit, komu a jak rychle.`,
    topic: 'cybersecurity',
    audiences: ['official', 'public'],
    lengthHours: 2,
    language: 'cs',
    organiser: 'lis',
    published: true,
    sessions: [
      { inDays: -8, start: '09:00', end: '11:00', place: 'magistrat', capacity: 30, confirmed: 27 },
      { inDays: 4, start: '09:00', end: '11:00', place: 'magistrat', capacity: 30, confirmed: 29 },
      { inDays: 23, start: '09:00', end: '11:00', place: 'online', capacity: 100, confirmed: 41 },
      { inDays: 51, start: '09:00', end: '11:00', place: 'jablonec', capacity: 30, confirmed: 6 },
    ],
  },
  {
    slug: 'kyberneticka-bezpecnost-na-obecnim-urade',
    title: 'Kybernetická bezpečnost na obecním úřadě',
    summary: 'Povinnosti obcí podle zákona o kybernetické bezpečnosti, zálohy, hesla a řešení incidentu krok za krokem.',
    descriptionMd: `Pro tajemníky, starosty a správce IT menších obcí.

## Program
1. Co po obcích chce zákon o kybernetické bezpečnosti a jeho prováděcí předpisy.
2. Zálohy, hesla, dvoufázové ověření a správa účtů.
3. Nácvik: ransomware na obecním úřadě – kdo co dělá v první hodině.

Školení je součástí vzdělávání úředníků územních samosprávných celků.`,
    topic: 'cybersecurity',
    audiences: ['official'],
    lengthHours: 4,
    language: 'cs',
    organiser: 'lis',
    published: true,
    sessions: [
      { inDays: 11, start: '08:30', end: '12:30', place: 'krajskyUrad', capacity: 25, confirmed: 20 },
      { inDays: 18, start: '08:30', end: '12:30', place: 'turnov', capacity: 20, confirmed: 4, cancelled: true },
      { inDays: 39, start: '08:30', end: '12:30', place: 'semily', capacity: 20, confirmed: 7 },
      { inDays: 90, start: '08:30', end: '12:30', place: 'magistrat', capacity: 25, confirmed: 0 },
    ],
  },
  {
    slug: 'kyberneticka-bezpecnost-ve-skole',
    title: 'Kybernetická bezpečnost ve škole: hesla, zálohy a sdílené účty',
    summary: 'Bezpečnost školní IT v praxi pro učitele a ICT koordinátory základních, středních a vyšších odborných škol.',
    descriptionMd: `Sdílené účty ve sborovně, hesla na lepících papírcích a USB disky se známkami. Ukážeme, jak to ve škole udělat lépe bez velkých nákladů.

- správa účtů žáků a učitelů,
- zálohy školních dat,
- co dělat, když přijde podezřelý e-mail.`,
    topic: 'cybersecurity',
    audiences: ['teacher_zs', 'teacher_ss', 'teacher_vos'],
    lengthHours: 3,
    language: 'cs',
    organiser: 'spslipa',
    published: true,
    sessions: [
      { inDays: -50, start: '14:00', end: '17:00', place: 'spsCeskaLipa', capacity: 20, confirmed: 15 },
      { inDays: 20, start: '14:00', end: '17:00', place: 'spsCeskaLipa', capacity: 20, confirmed: 19 },
      { inDays: 83, start: '14:00', end: '17:00', place: 'knihovna', capacity: 24, confirmed: 2 },
    ],
  },
  {
    slug: 'osint-pro-stredni-skoly',
    title: 'OSINT: zpravodajství z otevřených zdrojů pro střední školy',
    summary: 'Metoda OSINT ve výuce informační bezpečnosti: co o nás prozradí veřejné zdroje a jak s tím pracovat.',
    descriptionMd: `Ve spolupráci s Juniorním centrem excelence pro informační bezpečnost. Ukážeme úlohy, na kterých žáci zjistí, kolik se dá vyčíst z veřejně dostupných dat – a proč na tom záleží.

*Vhodné pro učitele informatiky a ICT koordinátory.*`,
    topic: 'cybersecurity',
    audiences: ['teacher_ss', 'teacher_vos'],
    lengthHours: 4,
    language: 'cs',
    organiser: 'spslipa',
    published: true,
    sessions: [
      { inDays: 33, start: '09:00', end: '13:00', place: 'spsCeskaLipa', capacity: 16, confirmed: 8 },
      { inDays: 104, start: '09:00', end: '13:00', place: 'tul', capacity: 20, confirmed: 0 },
    ],
  },
  {
    slug: 'otevrena-data-v-tabulkovem-procesoru',
    title: 'Otevřená data v tabulkovém procesoru',
    summary: 'Stáhněte si datovou sadu z portálu, otevřete ji v tabulce se správnou diakritikou a udělejte z ní přehled.',
    descriptionMd: `Pro úředníky i veřejnost. Proč se CSV v Excelu někdy zobrazí s rozsypanými znaky, jak to spravit a jak z otevřených dat udělat přehlednou tabulku a graf.

- formáty CSV, XLSX a JSON,
- kódování UTF-8 a oddělovače,
- filtry, souhrny a jednoduché grafy.`,
    topic: 'open_data',
    audiences: ['official', 'public'],
    lengthHours: 3,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: 7, start: '13:00', end: '16:00', place: 'knihovna', capacity: 20, confirmed: 19 },
      { inDays: 41, start: '13:00', end: '16:00', place: 'online', capacity: 60, confirmed: 12 },
    ],
  },
  {
    slug: 'zverejnujeme-otevrena-data-obce',
    title: 'Zveřejňujeme otevřená data obce: od tabulky k datové sadě',
    summary: 'Jak obec připraví, popíše a zveřejní datovou sadu v Národním katalogu otevřených dat.',
    descriptionMd: `Celodenní praktický workshop pro úředníky obcí a krajského úřadu.

1. Které údaje zveřejnit a které ne.
2. Struktura, metadata a podmínky užití.
3. Registrace datové sady v katalogu a její údržba.`,
    topic: 'open_data',
    audiences: ['official'],
    lengthHours: 6,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: -14, start: '09:00', end: '15:00', place: 'krajskyUrad', capacity: 20, confirmed: 17 },
      { inDays: 30, start: '09:00', end: '15:00', place: 'krajskyUrad', capacity: 20, confirmed: 11 },
      { inDays: 112, start: '09:00', end: '15:00', place: 'jablonec', capacity: 20, confirmed: 0, opensInDays: 45 },
    ],
  },
  {
    slug: 'infografiky-a-dashboardy',
    title: 'Infografiky a dashboardy z dat kraje',
    summary: 'Jak z tabulky udělat srozumitelný obrázek: typy grafů, barvy, přístupnost a interaktivní dashboardy.',
    descriptionMd: `Workshop pro ty, kdo data prezentují veřejnosti, zastupitelům nebo žákům.

- jak vybrat správný graf,
- barvy a kontrast tak, aby graf přečetl každý,
- interaktivní dashboard z dat portálu.`,
    topic: 'data_literacy',
    audiences: ['official', 'public', 'teacher_ss'],
    lengthHours: 3,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: 25, start: '14:00', end: '17:00', place: 'knihovna', capacity: 24, confirmed: 10 },
      { inDays: 68, start: '14:00', end: '17:00', place: 'online', capacity: 80, confirmed: 5 },
    ],
  },
  {
    slug: 'data-literacy-for-project-teams',
    title: 'Data literacy for cross-border project teams',
    summary: 'An English-language workshop for officials working with partners in the Neisse–Nisa–Nysa region.',
    descriptionMd: `Finding, sharing and reading regional data with partners across the border.

- where Czech, German and Polish regional data live,
- licences and formats that make sharing easy,
- reading charts critically together.`,
    topic: 'data_literacy',
    audiences: ['official'],
    lengthHours: 2,
    language: 'en',
    organiser: 'portal',
    published: true,
    sessions: [{ inDays: 47, start: '10:00', end: '12:00', place: 'online', capacity: 40, confirmed: 9 }],
  },
  {
    slug: 'setkani-datovych-portalu',
    title: 'Setkání zástupců datových portálů Libereckého kraje',
    summary: 'Pravidelné setkání obcí, kraje a partnerů: novinky z portálu, ukázky využití dat a prostor pro diskusi.',
    descriptionMd: `Otevřené setkání pro všechny, kdo v kraji s daty pracují nebo je chtějí využívat. Minule nás bylo přes padesát.

Program zveřejníme týden předem.`,
    topic: 'other',
    audiences: ['official', 'public'],
    lengthHours: 5,
    language: 'cs',
    organiser: 'portal',
    published: true,
    sessions: [
      { inDays: -40, start: '10:00', end: '15:00', place: 'tul', capacity: 60, confirmed: 52 },
      { inDays: 56, start: '10:00', end: '15:00', place: 'tul', capacity: 60, confirmed: 23 },
    ],
  },
  {
    slug: 'umela-inteligence-ve-vyuce-koncept',
    title: 'Umělá inteligence ve výuce (připravujeme)',
    summary: 'Koncept workshopu, zatím nezveřejněný.',
    descriptionMd: 'Připravujeme.',
    topic: 'other',
    audiences: ['teacher_ss'],
    lengthHours: 3,
    language: 'cs',
    organiser: 'portal',
    published: false,
    sessions: [{ inDays: 60, start: '14:00', end: '17:00', place: 'knihovna', capacity: 20, confirmed: 0 }],
  },
]

/** Names for demo participants; diacritics on purpose. */
export const demoFirstNames = [
  'Jana',
  'Petr',
  'Lucie',
  'Tomáš',
  'Kateřina',
  'Jiří',
  'Markéta',
  'Ondřej',
  'Zuzana',
  'Lukáš',
  'Eva',
  'Radek',
  'Šárka',
  'Václav',
  'Ivana',
  'Michal',
  'Hana',
  'Štěpán',
  'Alena',
  'Martin',
]
export const demoSurnames = [
  ['Nováková', 'Novák'],
  ['Řehořová', 'Řehoř'],
  ['Šťastná', 'Šťastný'],
  ['Černá', 'Černý'],
  ['Dvořáková', 'Dvořák'],
  ['Chalupová', 'Chalupa'],
  ['Kučerová', 'Kučera'],
  ['Veselá', 'Veselý'],
  ['Horáková', 'Horák'],
  ['Čermáková', 'Čermák'],
  ['Procházková', 'Procházka'],
  ['Žáková', 'Žák'],
] as const
export const demoOrganisations = [
  'ZŠ Liberec, Husova 142/44',
  'ZŠ a MŠ Hrádek nad Nisou',
  'Gymnázium F. X. Šaldy',
  'Obecní úřad Chrastava',
  'Městský úřad Frýdlant',
  'MŠ Motýlek, Jablonec nad Nisou',
  'SPŠ Česká Lípa',
  'Krajský úřad Libereckého kraje',
  'Obecní úřad Bílý Kostel nad Nisou',
  'VOŠ mezinárodního obchodu Liberec',
]
