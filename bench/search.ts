/**
 * Search bench: builds the trigram indexes over the national list of schools (27,332) and 10,000
 * generated leaders, then times queries and whole `broker search` processes.
 *
 *   npm run build && npx tsx bench/search.ts
 *
 * Needs /work/shared/data/real/schools_england_open_joined.csv (skips without it).
 */
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'

import {words} from '../src/core/search.js'
import {SCHOOL_BODY} from '../src/db/migrations/0003_search_index.js'
import {Registry} from '../src/db/registry.js'
import {findLeaders, findSchools, searchRegistry} from '../src/services/search.js'
import {BIN, tempDir} from '../test/helpers/cli.js'
import {misspell, seededRandom, typo} from '../test/helpers/misspell.js'
import {NATIONAL_SCHOOLS, readNationalSchools} from '../test/helpers/real-schools.js'

const FIRST = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Ivy', 'Leo', 'Freya', 'Oscar', 'Lily', 'Harry', 'Grace', 'Jack', 'Sofia', 'Charlie', 'Rosie', 'Muhammad', 'Ewan', 'Siobhán', 'Aoife', 'Priya', 'Tomasz', 'Chloé', 'Kwame', 'Zara', 'Declan', 'Hamza']
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'O’Connor', 'Gibson', 'Charlton', 'Lister', 'Nowak', 'Okafor', 'Khan', 'Hussain', 'Murphy']
const KINDS = ['SLE', 'SLE', 'SLE', 'NLE', 'LLE', 'NLG'] as const

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
    const triggers = database.prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'school_search_%'").all() as {name: string; sql: string}[]
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
      database.exec("delete from school_search")
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
        const id = await repos.leaders.insert({ref, name: `${first} ${last}`, email, homeUrn: schools[index]!.urn, homeTrustCode: null, notes: null})
        await repos.leaders.upsertDesignation(id, {kind: KINDS[index % KINDS.length]!, body: 'bench hub', reference: ref, designatedOn: '2025-09-01', reviewOn: null, status: 'active'})
        leaders.push({name: `${first} ${last}`, email, ref})
      }
    })
    const leaderLoad = performance.now() - started
    const indexBytes = (database.prepare("select sum(pgsize) as n from dbstat where name like 'school_search%' or name like 'leader_search%'").get() as {n: number}).n

    // 4. Queries: 200 misspelt real school names (town added to shared names), 200 leader names with a typo.
    const sameName = new Map<string, number>()
    for (const school of schools) sameName.set(words(school.name).join(' '), (sameName.get(words(school.name).join(' ')) ?? 0) + 1)
    const queries = Array.from({length: 200}, () => {
      const school = schools[Math.floor(random() * schools.length)]!
      const shared = sameName.get(words(school.name).join(' '))! > 1
      return {urn: school.urn, query: `${misspell(school.name, random)}${shared && school.town ? ` ${school.town}` : ''}`}
    })
    await registry.read((repos) => findSchools(repos, 'warm up'))
    const schoolTimes: number[] = []
    let found = 0
    for (const {urn, query} of queries) {
      const start = performance.now()
      const ranked = await registry.read((repos) => findSchools(repos, query))
      schoolTimes.push(performance.now() - start)
      if (ranked.slice(0, 3).some((entry) => entry.item.urn === urn)) found += 1
    }
    const leaderTimes: number[] = []
    for (let count = 0; count < 200; count += 1) {
      const leader = leaders[Math.floor(random() * leaders.length)]!
      const [first, ...rest] = leader.name.split(' ')
      const start = performance.now()
      await registry.read((repos) => findLeaders(repos, `${typo(first!, random)} ${rest.join(' ')}`))
      leaderTimes.push(performance.now() - start)
    }
    const allTimes: number[] = []
    for (const {query} of queries.slice(0, 100)) {
      const start = performance.now()
      await searchRegistry(context, {query})
      allTimes.push(performance.now() - start)
    }
    await registry.close()

    // 5. Whole processes: node start, oclif, open the registry, search all kinds, print.
    const processTimes: number[] = []
    for (const {query} of queries.slice(0, 10)) {
      const start = performance.now()
      execFileSync(process.execPath, [BIN, 'search', query, '--db', path], {env: {...process.env, NO_COLOR: '1'}, stdio: 'pipe'})
      processTimes.push(performance.now() - start)
    }
    const helpTimes: number[] = []
    for (let count = 0; count < 5; count += 1) {
      const start = performance.now()
      execFileSync(process.execPath, [BIN, '--help'], {stdio: 'pipe'})
      helpTimes.push(performance.now() - start)
    }

    console.log(`schools: ${schools.length}, leaders: 10000`)
    console.log(`write 27,332 schools without the index triggers: ${ms(plainLoad)}; with them: ${ms(indexedLoad)} (index cost ${ms(indexedLoad - plainLoad)})`)
    console.log(`rebuild the school index from scratch: ${ms(rebuild)}`)
    console.log(`write 10,000 leaders + designations (index by triggers): ${ms(leaderLoad)}`)
    console.log(`index size (both FTS tables): ${(indexBytes / 1024 / 1024).toFixed(1)} MB`)
    console.log(`school query (200 misspelt names): median ${ms(percentile(schoolTimes, 50))}, p95 ${ms(percentile(schoolTimes, 95))}, max ${ms(Math.max(...schoolTimes))}; top-3 hit ${found}/200`)
    console.log(`leader query (200 misspelt names): median ${ms(percentile(leaderTimes, 50))}, p95 ${ms(percentile(leaderTimes, 95))}, max ${ms(Math.max(...leaderTimes))}`)
    console.log(`all-kinds search (schools + leaders + areas): median ${ms(percentile(allTimes, 50))}, p95 ${ms(percentile(allTimes, 95))}`)
    console.log(`\`broker search\` process: median ${ms(percentile(processTimes, 50))}, max ${ms(Math.max(...processTimes))}`)
    console.log(`\`broker --help\` process (reference): median ${ms(percentile(helpTimes, 50))}`)
  } finally {
    dir.remove()
  }
}

await main()
