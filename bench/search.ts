/**
 * Search bench: builds the trigram indexes over the national list of schools (27,332) and 10,000
 * generated leaders, then times queries and whole `broker search` processes.
 *
 *   npm run build && npx tsx bench/search.ts
 *
 * Needs /work/shared/data/real/schools_england_open_joined.csv (skips without it).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {availableParallelism, loadavg} from 'node:os'

import {seededRandom} from '../src/core/random.js'
import {words} from '../src/core/search.js'
import {SCHOOL_BODY} from '../src/db/migrations/0003_search_index.js'
import {Registry} from '../src/db/registry.js'
import {findLeaders, findSchools, searchRegistry} from '../src/services/search.js'
import {BIN, tempDir} from '../test/helpers/cli.js'
import {misspell, typo} from '../test/helpers/misspell.js'
import {NATIONAL_SCHOOLS, readNationalSchools} from '../test/helpers/real-schools.js'

const FIRST = [
  'Amelia',
  'Oliver',
  'Isla',
  'George',
  'Ava',
  'Noah',
  'Mia',
  'Arthur',
  'Ivy',
  'Leo',
  'Freya',
  'Oscar',
  'Lily',
  'Harry',
  'Grace',
  'Jack',
  'Sofia',
  'Charlie',
  'Rosie',
  'Muhammad',
  'Ewan',
  'Siobhán',
  'Aoife',
  'Priya',
  'Tomasz',
  'Chloé',
  'Kwame',
  'Zara',
  'Declan',
  'Hamza',
]
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'O’Connor',
  'Gibson',
  'Charlton',
  'Lister',
  'Nowak',
  'Okafor',
  'Khan',
  'Hussain',
  'Murphy',
]
const KINDS = ['SLE', 'SLE', 'SLE', 'NLE', 'LLE', 'NLG'] as const

/** Wall and CPU milliseconds of some work: the machine is shared, so CPU time is the steadier figure. */
async function timed<T>(work: () => Promise<T>): Promise<{result: T; wall: number; cpu: number}> {
  const cpuBefore = process.cpuUsage()
  const start = performance.now()
  const result = await work()
  const wall = performance.now() - start
  const cpu = process.cpuUsage(cpuBefore)
  return {result, wall, cpu: (cpu.user + cpu.system) / 1000}
}

function summary(label: string, wall: number[], cpu: number[]): string {
  return `${label}: median ${ms(percentile(wall, 50))} (CPU ${ms(percentile(cpu, 50))}), p95 ${ms(percentile(wall, 95))} (CPU ${ms(percentile(cpu, 95))})`
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

const ms = (value: number) => `${value.toFixed(1)} ms`

async function main(): Promise<void> {
  if (!existsSync(NATIONAL_SCHOOLS)) {
    console.log(`skipped: ${NATIONAL_SCHOOLS} is not here`)
    return
  }
  const dir = tempDir('broker-bench-')
  try {
    const schools = readNationalSchools()
    const path = dir.file('registry.db')
    const registry = await Registry.open(path, {create: true})
    const context = {registry, actor: 'bench', today: '2026-12-01'}
    const database = registry.database

    // 1. Writing the schools with the index kept by triggers, against the same write without them.
    const triggers = database
      .prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'school_search_%'")
      .all() as {name: string; sql: string}[]
    for (const trigger of triggers) database.exec(`drop trigger ${trigger.name}`)
    let started = performance.now()
    await registry.write((repos) => repos.schools.upsertMany(schools))
    const plainLoad = performance.now() - started
    database.exec('delete from schools')
    for (const trigger of triggers) database.exec(trigger.sql)
    started = performance.now()
    await registry.write((repos) => repos.schools.upsertMany(schools))
    const indexedLoad = performance.now() - started

    // 2. Rebuilding the school index from scratch (what migration 0003 does on an existing registry).
    started = performance.now()
    await registry.write(async () => {
      database.exec('delete from school_search')
      database.exec(`insert into school_search (rowid, body) select s.urn, ${SCHOOL_BODY} from schools s`)
    })
    const rebuild = performance.now() - started

    // 3. 10,000 leaders with a designation each, written through the repositories (index by triggers).
    const random = seededRandom(7)
    const leaders: {name: string; email: string; ref: string}[] = []
    started = performance.now()
    await registry.write(async (repos) => {
      for (let index = 1; index <= 10_000; index += 1) {
        const first = FIRST[Math.floor(random() * FIRST.length)]!
        const last = LAST[Math.floor(random() * LAST.length)]!
        const ref = `B-${String(index).padStart(5, '0')}`
        const email = `${first[0]!.toLowerCase()}.${words(last).join('')}${index}@example.sch.uk`
        const id = await repos.leaders.insert({
          ref,
          name: `${first} ${last}`,
          email,
          homeUrn: schools[index]!.urn,
          homeTrustCode: null,
          notes: null,
        })
        await repos.leaders.upsertDesignation(id, {
          kind: KINDS[index % KINDS.length]!,
          body: 'bench hub',
          reference: ref,
          designatedOn: '2025-09-01',
          reviewOn: null,
          status: 'active',
        })
        leaders.push({name: `${first} ${last}`, email, ref})
      }
    })
    const leaderLoad = performance.now() - started
    const indexBytes = (
      database
        .prepare("select sum(pgsize) as n from dbstat where name like 'school_search%' or name like 'leader_search%'")
        .get() as {n: number}
    ).n

    // 4. Queries: 200 misspelt real school names (town added to shared names), 200 leader names with a typo.
    const sameName = new Map<string, number>()
    for (const school of schools)
      sameName.set(words(school.name).join(' '), (sameName.get(words(school.name).join(' ')) ?? 0) + 1)
    const queries = Array.from({length: 200}, () => {
      const school = schools[Math.floor(random() * schools.length)]!
      const shared = sameName.get(words(school.name).join(' '))! > 1
      return {
        urn: school.urn,
        query: `${misspell(school.name, random)}${shared && school.town ? ` ${school.town}` : ''}`,
      }
    })
    await registry.read((repos) => findSchools(repos, 'warm up'))
    const school = {wall: [] as number[], cpu: [] as number[]}
    let found = 0
    for (const {urn, query} of queries) {
      const {result, wall, cpu} = await timed(() => registry.read((repos) => findSchools(repos, query)))
      school.wall.push(wall)
      school.cpu.push(cpu)
      if (result.slice(0, 3).some((entry) => entry.item.urn === urn)) found += 1
    }
    const leader = {wall: [] as number[], cpu: [] as number[]}
    for (let count = 0; count < 200; count += 1) {
      const {name} = leaders[Math.floor(random() * leaders.length)]!
      const [first, ...rest] = name.split(' ')
      const {wall, cpu} = await timed(() =>
        registry.read((repos) => findLeaders(repos, `${typo(first!, random)} ${rest.join(' ')}`)),
      )
      leader.wall.push(wall)
      leader.cpu.push(cpu)
    }
    const all = {wall: [] as number[], cpu: [] as number[]}
    for (const {query} of queries.slice(0, 100)) {
      const {wall, cpu} = await timed(() => searchRegistry(context, {query}))
      all.wall.push(wall)
      all.cpu.push(cpu)
    }
    await registry.close()

    // 5. Whole processes: node start, oclif, open the registry, search all kinds, print. CPU from /usr/bin/time.
    const processes = {wall: [] as number[], cpu: [] as number[]}
    for (const {query} of queries.slice(0, 10)) {
      const start = performance.now()
      const timing = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, BIN, 'search', query, '--db', path], {
        env: {...process.env, NO_COLOR: '1'},
        encoding: 'utf8',
      })
      processes.wall.push(performance.now() - start)
      const [user, system] = timing.stderr.trim().split(/\s+/).slice(-2).map(Number)
      processes.cpu.push((user! + system!) * 1000)
    }
    const help: number[] = []
    for (let count = 0; count < 5; count += 1) {
      const start = performance.now()
      execFileSync(process.execPath, [BIN, '--help'], {stdio: 'pipe'})
      help.push(performance.now() - start)
    }

    console.log(`schools: ${schools.length}, leaders: 10000`)
    console.log(
      `write 27,332 schools without the index triggers: ${ms(plainLoad)}; with them: ${ms(indexedLoad)} (index cost ${ms(indexedLoad - plainLoad)})`,
    )
    console.log(`rebuild the school index from scratch: ${ms(rebuild)}`)
    console.log(`write 10,000 leaders + designations (index by triggers): ${ms(leaderLoad)}`)
    console.log(`index size (both FTS tables): ${(indexBytes / 1024 / 1024).toFixed(1)} MB`)
    console.log(`${summary('school query (200 misspelt names)', school.wall, school.cpu)}; top-3 hit ${found}/200`)
    console.log(summary('leader query (200 misspelt names)', leader.wall, leader.cpu))
    console.log(summary('all-kinds search (schools + leaders + areas)', all.wall, all.cpu))
    console.log(summary('`broker search` process', processes.wall, processes.cpu))
    console.log(`\`broker --help\` process (reference): median ${ms(percentile(help, 50))}`)
    console.log(
      `load average while measuring: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(', ')} on ${availableParallelism()} cores`,
    )
  } finally {
    dir.remove()
  }
}

await main()
