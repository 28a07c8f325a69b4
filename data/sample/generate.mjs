#!/usr/bin/env node
// Writes the fictional sample hub in data/sample/: schools (GIAS layout), inspections, a hub
// designation list and a term's needs. Deterministic: the same seed gives byte-identical files.
// Run from the repository root: node data/sample/generate.mjs
import {writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import proj4 from 'proj4'

const OUT = fileURLToPath(new URL('./', import.meta.url))
proj4.defs(
  'EPSG:27700',
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
)

// ---- deterministic randomness -------------------------------------------------------------------
let seed = 20261201
function random() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (items) => items[Math.floor(random() * items.length)]
const between = (low, high) => low + random() * (high - low)
const intBetween = (low, high) => Math.floor(between(low, high + 1))
const chance = (p) => random() < p
const round1 = (n) => Math.round(n * 10) / 10

// ---- places: real towns, fictional schools ---------------------------------------------------------
// [town, LA code, LA name, district GSS code, region, lat, lon, deprivation 0..1, postcode area]
const TOWNS = [
  ['Newcastle upon Tyne', '391', 'Newcastle upon Tyne', 'E08000021', 'North East', 54.978, -1.613, 0.55, 'NE'],
  ['Gateshead', '390', 'Gateshead', 'E08000037', 'North East', 54.952, -1.603, 0.6, 'NE'],
  ['Sunderland', '394', 'Sunderland', 'E08000024', 'North East', 54.906, -1.381, 0.65, 'SR'],
  ['Durham', '840', 'County Durham', 'E06000047', 'North East', 54.776, -1.575, 0.45, 'DH'],
  ['Middlesbrough', '806', 'Middlesbrough', 'E06000002', 'North East', 54.574, -1.235, 0.8, 'TS'],
  ['Leeds', '383', 'Leeds', 'E08000035', 'Yorkshire and the Humber', 53.8, -1.549, 0.45, 'LS'],
  ['Bradford', '380', 'Bradford', 'E08000032', 'Yorkshire and the Humber', 53.795, -1.759, 0.7, 'BD'],
  ['Sheffield', '373', 'Sheffield', 'E08000019', 'Yorkshire and the Humber', 53.381, -1.47, 0.5, 'S'],
  ['Kingston upon Hull', '810', 'Kingston upon Hull, City of', 'E06000010', 'Yorkshire and the Humber', 53.744, -0.332, 0.75, 'HU'],
  ['York', '816', 'York', 'E06000014', 'Yorkshire and the Humber', 53.96, -1.081, 0.2, 'YO'],
  ['Manchester', '352', 'Manchester', 'E08000003', 'North West', 53.48, -2.242, 0.7, 'M'],
  ['Liverpool', '341', 'Liverpool', 'E08000012', 'North West', 53.408, -2.991, 0.75, 'L'],
  ['Preston', '888', 'Lancashire', 'E07000123', 'North West', 53.763, -2.703, 0.45, 'PR'],
  ['Blackburn', '889', 'Blackburn with Darwen', 'E06000008', 'North West', 53.748, -2.482, 0.65, 'BB'],
  ['Carlisle', '942', 'Cumberland', 'E06000063', 'North West', 54.892, -2.932, 0.35, 'CA'],
]

const NAME_STEMS = [
  'Hartside', 'Elmfield', 'Oakwood', 'Brookside', 'Moorland', 'Riverside', 'Westfield', 'Highfield', 'Ashgrove',
  'Beechwood', 'Castle View', 'Daleside', 'Eastbourne', 'Fellside', 'Greenbank', 'Hollybush', 'Ivy Lane', 'Kingsmead',
  'Larchwood', 'Meadowbank', 'Northgate', 'Orchard Park', 'Parkside', 'Queensway', 'Redhill', 'Southlands', 'Thornbury',
  'Underhill', 'Valley Road', 'Willowbrook', 'Yewtree', 'Abbey Fields', 'Bramble Hill', 'Cedar Grove', 'Dene Vale',
  'Elder Bank', 'Foxhill', 'Glebe', 'Heathfield', 'Juniper', 'Kestrel Way', 'Low Fell', 'Millbrook', 'Netherton',
  'Old Hall', 'Pinewood', 'Rosehill', 'Stonecliffe', 'Tanfield', 'Upton Green', 'Victoria Park', 'Woodlands',
]
const SAINTS = ["St Aidan's", "St Cuthbert's", "St Mary's", "St Joseph's", "St Hilda's", 'Holy Trinity', "St Bede's", "St Oswald's", "St Wilfrid's", 'Sacred Heart']

const TRUSTS = [
  ['T001', 'Northern Lights Learning Trust', 'North East'],
  ['T002', 'Tyne and Wear Schools Partnership', 'North East'],
  ['T003', 'Tees Valley Education', 'North East'],
  ['T004', 'Wear Academies Trust', 'North East'],
  ['T005', 'Aire Valley Learning Trust', 'Yorkshire and the Humber'],
  ['T006', 'Pennine Schools Trust', 'Yorkshire and the Humber'],
  ['T007', 'Humber Education Alliance', 'Yorkshire and the Humber'],
  ['T008', 'White Rose Academies', 'Yorkshire and the Humber'],
  ['T009', 'Irwell Valley Trust', 'North West'],
  ['T010', 'Mersey Learning Partnership', 'North West'],
  ['T011', 'Ribble Academies Trust', 'North West'],
  ['T012', 'Solway Coast Learning Trust', 'North West'],
  ['T013', 'Catholic Diocese Education Trust', null],
]

// [GIAS type, GIAS phase, weight, academy?]
const PRIMARY_TYPES = [['Community school', 4], ['Voluntary aided school', 1.5], ['Foundation school', 0.5], ['Academy converter', 3], ['Academy sponsor led', 1.5]]
const SECONDARY_TYPES = [['Community school', 1.5], ['Academy converter', 4], ['Academy sponsor led', 2], ['Free schools', 0.5], ['Voluntary aided school', 0.5]]
const SPECIAL_TYPES = [['Community special school', 2], ['Academy special converter', 1]]
const weighted = (options) => {
  const total = options.reduce((sum, [, w]) => sum + w, 0)
  let r = random() * total
  for (const [value, w] of options) if ((r -= w) < 0) return value
  return options[options.length - 1][0]
}

function postcodeNear(area) {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ'
  return `${area}${intBetween(1, 29)} ${intBetween(1, 9)}${pick(letters)}${pick(letters)}`
}

// ---- schools ----------------------------------------------------------------------------------------
const schools = []
let nextUrn = 910001
const usedNames = new Set()
for (const [town, laCode, laName, district, region, lat, lon, deprivation, area] of TOWNS) {
  for (let index = 0; index < 20; index += 1) {
    const phaseRoll = random()
    const phase = phaseRoll < 0.68 ? 'Primary' : phaseRoll < 0.9 ? 'Secondary' : phaseRoll < 0.97 ? 'Not applicable' : 'All-through'
    const type =
      phase === 'Primary' ? weighted(PRIMARY_TYPES) : phase === 'Not applicable' ? weighted(SPECIAL_TYPES) : weighted(SECONDARY_TYPES)
    const stem = chance(0.2) && type === 'Voluntary aided school' ? pick(SAINTS) : chance(0.12) ? pick(SAINTS) : pick(NAME_STEMS)
    const kind =
      phase === 'Primary'
        ? pick(['Primary School', 'Primary School', 'Community Primary School', 'Primary Academy', 'Infant and Nursery School', 'Junior School'])
        : phase === 'Secondary'
          ? pick(['Academy', 'School', 'High School', 'Community College', 'School and Sixth Form'])
          : phase === 'All-through'
            ? pick(['All-Through Academy', 'Learning Campus'])
            : pick(['School', 'Special School', 'Academy'])
    const catholic = stem.startsWith('St ') || stem.startsWith('Holy') || stem.startsWith('Sacred')
    let name = `${stem} ${catholic && phase === 'Primary' ? 'Catholic ' : ''}${kind}`
    if (usedNames.has(`${name}|${town}`)) name = `${name} (${town.split(' ')[0]})`
    usedNames.add(`${name}|${town}`)
    const latitude = lat + between(-0.07, 0.07)
    const longitude = lon + between(-0.11, 0.11)
    const [easting, northing] = proj4('WGS84', 'EPSG:27700', [longitude, latitude]).map(Math.round)
    const localDeprivation = Math.min(0.95, Math.max(0.02, deprivation + between(-0.35, 0.3)))
    const fsm = round1(Math.max(2, Math.min(68, localDeprivation * 55 + between(-5, 5))))
    const fsmEver = round1(Math.min(85, fsm * between(1.15, 1.45)))
    const idaci = round1(Math.max(3, Math.min(62, localDeprivation * 50 + between(-6, 6))))
    const pupils =
      phase === 'Primary' ? intBetween(110, 640) : phase === 'Secondary' ? intBetween(550, 1750) : phase === 'All-through' ? intBetween(900, 1900) : intBetween(45, 260)
    const academy = type.startsWith('Academy') || type === 'Free schools'
    const regionalTrusts = TRUSTS.filter((trust) => trust[2] === region)
    const trust = academy ? (catholic ? TRUSTS[12] : pick(regionalTrusts)) : null
    // Worse grades are likelier where deprivation is high, as in the national picture.
    const gradeRoll = random() - localDeprivation * 0.25
    const grade = gradeRoll < 0.06 ? 4 : gradeRoll < 0.24 ? 3 : gradeRoll < 0.86 ? 2 : 1
    schools.push({
      urn: nextUrn,
      laCode,
      laName,
      establishmentNumber: 2000 + index + (laCode.charCodeAt(2) % 7) * 100,
      name,
      type,
      phase,
      town,
      postcode: postcodeNear(area),
      region,
      easting,
      northing,
      pupils,
      fsm,
      fsmEver,
      idaci,
      district,
      trust,
      grade,
      deprivation: localDeprivation,
    })
    nextUrn += 1
  }
}

// ---- inspections: two frameworks, never mapped onto each other ---------------------------------------
const GRADE_NAMES = {1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate'}
const REPORT_CARD = ['Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement']
const isoDate = (year, month, day) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
const inspections = []
for (const school of schools) {
  const roll = random()
  if (roll < 0.12) {
    // Inspected under the 2025 report-card framework (from November 2025).
    const card = () => REPORT_CARD[Math.min(4, Math.max(0, school.grade - 1 + (chance(0.5) ? 0 : chance(0.5) ? 1 : -1)))]
    const year = pick([2025, 2026])
    inspections.push({
      urn: school.urn,
      date: year === 2025 ? isoDate(2025, intBetween(11, 12), intBetween(1, 28)) : isoDate(2026, intBetween(1, 10), intBetween(1, 28)),
      framework: 'report-card-2025',
      overall: '',
      leadership: '',
      cards: {
        inclusion: card(),
        curriculum: card(),
        achievement: card(),
        behaviour: card(),
        personal: card(),
        leadershipGovernance: card(),
      },
      safeguarding: school.grade === 4 && chance(0.5) ? 'Not met' : 'Met',
    })
  } else if (roll < 0.22) {
    // 2024-25: no single-word overall grade, sub-judgements only.
    const year = pick([2024, 2025])
    inspections.push({
      urn: school.urn,
      date: year === 2024 ? isoDate(2024, intBetween(9, 12), intBetween(1, 28)) : isoDate(2025, intBetween(1, 7), intBetween(1, 28)),
      framework: 'legacy-1-4',
      overall: '',
      leadership: GRADE_NAMES[school.grade],
      cards: null,
      safeguarding: 'Yes',
    })
  } else {
    const year = intBetween(2016, 2024)
    inspections.push({
      urn: school.urn,
      date: isoDate(year, year === 2024 ? intBetween(1, 7) : intBetween(1, 12), intBetween(1, 28)),
      framework: 'legacy-1-4',
      overall: GRADE_NAMES[school.grade],
      leadership: GRADE_NAMES[Math.max(1, Math.min(4, school.grade + (chance(0.2) ? (chance(0.5) ? 1 : -1) : 0)))],
      cards: null,
      safeguarding: 'Yes',
    })
    // Some good schools improved from RI or inadequate: a point in their favour as helpers.
    if (school.grade <= 2 && chance(0.3) && year >= 2018) {
      const previous = chance(0.8) ? 3 : 4
      const earlier = year - intBetween(2, 3)
      inspections.push({
        urn: school.urn,
        date: isoDate(earlier, intBetween(1, 12), intBetween(1, 28)),
        framework: 'legacy-1-4',
        overall: GRADE_NAMES[previous],
        leadership: GRADE_NAMES[previous],
        cards: null,
        safeguarding: 'Yes',
      })
    }
  }
}
const latestInspection = new Map()
for (const inspection of inspections) {
  const current = latestInspection.get(inspection.urn)
  if (!current || current.date < inspection.date) latestInspection.set(inspection.urn, inspection)
}

// ---- leaders: a hub designation list, as hubs keep them ---------------------------------------------------
const FIRST = ['Aisha', 'Ben', 'Callum', 'Dawn', 'Ewan', 'Farah', 'Gareth', 'Helen', 'Imran', 'Jess', 'Karl', 'Lucy', 'Mo', 'Nadia', 'Olly', 'Pam', 'Priya', 'Ravi', 'Siân', 'Theo', 'Una', 'Vik', 'Wendy', 'Zoë', 'Declan', 'Niamh', 'Tom', 'Chloe', 'Hamza', 'Bethany']
const LAST = ['Armstrong', 'Bell', 'Charlton', 'Dodds', 'Elliott', 'Forster', 'Gibson', 'Heron', 'Milburn', 'Nicholson', "O’Brien", 'Robson', 'Scott', 'Wallace', 'Hussain', 'Khan', 'Patel', 'Walsh', 'Kowalski', 'Ahmed', 'Brennan', 'Lister']
const SLE_AREAS = [
  ['Mathematics', 'Maths', 'maths (primary)', 'Numeracy'],
  ['English', 'Literacy'],
  ['Reading / Phonics', 'phonics', 'Early reading'],
  ['Early Years Foundation Stage', 'EYFS'],
  ['Special Educational Needs', 'SEND', 'SEN'],
  ['Science'],
  ['History'],
  ['Geography'],
  ['MFL', 'Modern foreign languages'],
  ['Computing', 'ICT'],
  ['PE'],
  ['Music'],
  ['Behaviour & attendance', 'Behaviour management'],
  ['Attendance'],
  ['Assessment'],
  ['Curriculum leadership'],
  ['Leadership of CPD'],
  ['ITT / NQT development'],
  ['Closing the gap', 'Disadvantaged pupils'],
  ['Most able'],
  ['School business management'],
  ['Art and design'],
]
const STATUS_TEXT = ['Active', 'Active', 'Active', 'active', 'Active ']
const DATE_STYLES = [
  (y, m, d) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
  (y, m, d) => isoDate(y, m, d),
  (y, m, d) => `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`,
  (y, m, d) => String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000)),
]
const PHASE_TEXT = {Primary: 'Primary', Secondary: 'Secondary', 'All-through': 'All-through', 'Not applicable': 'Not applicable'}

const strongSchools = schools.filter((school) => {
  const latest = latestInspection.get(school.urn)
  return latest.framework === 'legacy-1-4' ? ['Outstanding', 'Good'].includes(latest.overall || latest.leadership) : !['Needs attention', 'Urgent improvement'].includes(latest.cards.leadershipGovernance)
})

const leaders = []
const usedPeople = new Set()
let nextRef = 1
function person() {
  for (;;) {
    const first = pick(FIRST)
    const last = pick(LAST)
    if (!usedPeople.has(`${first} ${last}`)) {
      usedPeople.add(`${first} ${last}`)
      return {first, last}
    }
  }
}
function addLeader(designation, home, areas, days, options = {}) {
  const {first, last} = options.person ?? person()
  const ref = options.ref ?? `SH-${String(nextRef++).padStart(4, '0')}`
  const designatedYear = intBetween(2019, 2025)
  const designated = pick(DATE_STYLES)(designatedYear, intBetween(1, 12), intBetween(1, 28))
  const reviewRoll = random()
  const review =
    options.review ??
    (reviewRoll < 0.3 ? '' : reviewRoll < 0.9 ? pick(DATE_STYLES.slice(0, 3))(pick([2027, 2028]), 8, 31) : pick(DATE_STYLES.slice(0, 2))(2027, 3, 31))
  const emailName = `${first[0]}.${last}`.toLowerCase().replace(/[^a-z.]/g, '')
  leaders.push({
    designation,
    ref,
    name: `${first} ${last}`,
    email: `${emailName}${nextRef}@example.sch.uk`,
    home: home.urn,
    areas,
    phase:
      designation === 'NLG'
        ? 'Primary and Secondary'
        : home.phase === 'Not applicable' && chance(0.5)
          ? 'Special'
          : PHASE_TEXT[home.phase] + (home.phase === 'Primary' && chance(0.2) ? '; EYFS' : ''),
    days,
    designated,
    review,
    status: options.status ?? pick(STATUS_TEXT),
  })
  return leaders[leaders.length - 1]
}

for (let i = 0; i < 62; i += 1) {
  const home = pick(strongSchools)
  const count = chance(0.55) ? 1 : chance(0.7) ? 2 : 3
  const areas = new Set()
  while (areas.size < count) areas.add(pick(pick(SLE_AREAS)))
  addLeader('SLE', home, [...areas].join(chance(0.85) ? '; ' : ', '), pick(['5', '6.5', '10', '15', '15', '20']), {
    status: i % 19 === 7 ? 'Lapsed' : undefined,
  })
}
for (let i = 0; i < 24; i += 1) {
  const home = pick(strongSchools.filter((school) => school.phase !== 'Not applicable' || chance(0.3)))
  addLeader('NLE', home, pick(['Leadership; school improvement', 'Leadership', 'School improvement; Pupil premium', 'Leadership; Financial health', 'Headteacher support; School improvement']), pick(['10', '15', '20', '30', '40']), {
    status: i === 5 ? 'Withdrawn' : undefined,
  })
}
for (let i = 0; i < 20; i += 1) {
  addLeader('NLG', pick(schools), pick(['Governance', 'Governance', 'Governance review', 'Governance; Financial health']), pick(['5', '6.5', '10', '15']), {
    status: i === 3 ? 'Lapsed' : undefined,
  })
}
for (let i = 0; i < 14; i += 1) {
  addLeader('LLE', pick(strongSchools.filter((school) => school.phase === 'Primary' || school.phase === 'Secondary')), pick(['Headteacher support', 'Headteacher support; Leadership', 'Leadership']), pick(['6.5', '10', '15', '20']))
}
// Two SLEs who later became NLEs: one person, two designations, two rows.
for (const sle of leaders.filter((leader) => leader.designation === 'SLE' && leader.status.trim().toLowerCase() === 'active').slice(0, 2)) {
  const [first, ...rest] = sle.name.split(' ')
  const home = schools.find((school) => school.urn === sle.home)
  const nle = addLeader('NLE', home, 'Leadership; school improvement', '20', {person: {first, last: rest.join(' ')}, status: 'Active'})
  nle.email = sle.email
}

// ---- needs: a term's requests at the schools that most need help --------------------------------------------
const needs = []
const strugglers = schools
  .filter((school) => {
    const latest = latestInspection.get(school.urn)
    return latest.framework === 'legacy-1-4'
      ? ['Requires improvement', 'Inadequate'].includes(latest.overall || latest.leadership)
      : ['Needs attention', 'Urgent improvement'].includes(latest.cards.leadershipGovernance) || latest.safeguarding === 'Not met'
  })
  .sort((a, b) => b.deprivation - a.deprivation)
const NEED_TEMPLATES = [
  ['Mathematics', 'Specialist'],
  ['Reading / Phonics', 'Specialist'],
  ['SEND', 'Specialist'],
  ['Behaviour & attendance', 'Specialist'],
  ['EYFS', 'Specialist'],
  ['English; Curriculum leadership', 'Specialist'],
  ['Leadership', 'Leadership'],
  ['Leadership; Pupil premium', 'Leadership'],
  ['Governance review', 'Governance'],
  ['Science', 'Specialist'],
  ['Assessment', 'Specialist'],
  ['Closing the gap', 'Specialist'],
]
let needRef = 1
for (const school of strugglers.slice(0, 27)) {
  const [areas, type] = pick(NEED_TEMPLATES)
  const days = type === 'Governance' ? (school.type.startsWith('Academy') ? '5' : '3') : type === 'Leadership' ? pick(['4', '6', '10', '12']) : pick(['2', '3', '4.5', '6', '8'])
  needs.push({
    reference: `REQ-27-${String(needRef++).padStart(3, '0')}`,
    urn: school.urn,
    areas,
    type,
    days,
    start: pick(['2027-01-04', '2027-01-04', '2027-02-22']),
    end: pick(['2027-04-01', '2027-07-16', '2027-07-16']),
    priority: latestInspection.get(school.urn).overall === 'Inadequate' ? 'High' : pick(['High', 'Medium', 'Medium', 'Low', 'Low']),
    mode: chance(0.12) ? 'Remote' : chance(0.1) ? 'Blended' : 'In person',
    notes: pick(['RI at last inspection', 'New head in post', 'Falling KS2 outcomes', 'Referred by LA adviser', '', '']),
  })
}
// Deliberately hard requests, so the demo shows why a need can go unmatched.
const carlisle = schools.filter((school) => school.town === 'Carlisle')
needs.push({reference: `REQ-27-${String(needRef++).padStart(3, '0')}`, urn: carlisle[0].urn, areas: 'Drama', type: 'Specialist', days: '3', start: '2027-01-04', end: '2027-07-16', priority: 'Low', mode: 'In person', notes: 'No drama SLE in the hub'})
needs.push({reference: `REQ-27-${String(needRef++).padStart(3, '0')}`, urn: carlisle[1].urn, areas: 'Mathematics; Science', type: 'Team', days: '4', start: '2027-01-04', end: '2027-07-16', priority: 'Medium', mode: 'In person', notes: 'Team of two: maths and science departments', team: '2'})
needs.push({reference: `REQ-27-${String(needRef).padStart(3, '0')}`, urn: strugglers[3].urn, areas: 'Leadership', type: 'Leadership', days: '60', start: '2027-01-04', end: '2027-03-31', priority: 'High', mode: 'In person', notes: 'Interim executive support: more days than anyone has free'})

// ---- write ------------------------------------------------------------------------------------------------------
function csv(rows, header) {
  const quote = (value) => {
    const text = value === null || value === undefined ? '' : String(value)
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [header.map(quote).join(','), ...rows.map((row) => row.map(quote).join(','))].join('\n') + '\n'
}

writeFileSync(
  `${OUT}schools.csv`,
  csv(
    schools.map((s) => {
      const latest = latestInspection.get(s.urn)
      const legacyGrade = latest.framework === 'legacy-1-4' ? latest.overall : ''
      return [s.urn, s.laCode, s.laName, s.establishmentNumber, s.name, s.type, 'Open', s.phase, s.town, s.postcode, s.region, s.easting, s.northing, s.pupils, s.fsm, s.fsmEver, s.idaci, s.district, s.trust?.[0] ?? '', s.trust?.[1] ?? '', legacyGrade, latest.framework === 'legacy-1-4' ? latest.date.split('-').reverse().join('-') : '']
    }),
    ['URN', 'LA (code)', 'LA (name)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (name)', 'EstablishmentStatus (name)', 'PhaseOfEducation (name)', 'Town', 'Postcode', 'GOR (name)', 'Easting', 'Northing', 'NumberOfPupils', 'PercentageFSM', 'PercentageFSMEver', 'IDACI (%)', 'District (code)', 'Trusts (code)', 'Trusts (name)', 'OfstedRating (name)', 'OfstedLastInsp'],
  ),
)
writeFileSync(
  `${OUT}inspections.csv`,
  csv(
    inspections
      .sort((a, b) => a.urn - b.urn || a.date.localeCompare(b.date))
      .map((i) => [i.urn, i.date, i.framework === 'report-card-2025' ? 'Report card 2025' : 'Education inspection framework', i.overall, i.leadership, i.cards?.inclusion ?? '', i.cards?.curriculum ?? '', i.cards?.achievement ?? '', i.cards?.behaviour ?? '', i.cards?.personal ?? '', i.cards?.leadershipGovernance ?? '', i.safeguarding]),
    ['URN', 'Inspection date', 'Framework', 'Overall effectiveness', 'Leadership and management', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and well-being', 'Leadership and governance', 'Safeguarding'],
  ),
)
writeFileSync(
  `${OUT}leaders.csv`,
  '\uFEFF' +
    csv(
      leaders.map((l) => [l.designation, l.ref, l.name, l.email, l.home, l.areas, l.phase, l.days, l.designated, l.review, l.status]),
      ['Designation type', 'Ref', 'Full name', 'Email address', 'Home school URN', 'Areas of expertise', 'Phase', 'Days offered 2026/27', 'Date designated', 'Review due', 'Status'],
    ),
)
writeFileSync(
  `${OUT}needs.csv`,
  csv(
    needs.map((n) => [n.reference, n.urn, n.areas, n.type, n.team ?? '', n.days, n.start, n.end, n.priority, n.mode, n.notes]),
    ['Reference', 'URN', 'Needs', 'Support type', 'Team size', 'Days', 'Window start', 'Window end', 'Priority', 'Delivery mode', 'Notes'],
  ),
)
console.log(`schools ${schools.length}, inspections ${inspections.length}, leaders ${leaders.length}, needs ${needs.length}`)
