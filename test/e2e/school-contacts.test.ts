import {writeFileSync} from 'node:fs'

import Database from 'better-sqlite3'
import iconv from 'iconv-lite'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {ReportResult} from '../../src/cli/report-command.js'
import type {SchoolReport} from '../../src/core/reports/school.js'
import type {SchoolImportReport} from '../../src/services/import-schools.js'
import type {InitResult} from '../../src/services/registry-admin.js'
import type {SchoolDetail} from '../../src/services/schools.js'
import {runCli, runJson, tempDir, type TempDir} from '../helpers/cli.js'
import {GIAS_HEADER, giasRow} from '../helpers/imports.js'

/**
 * `schools import` keeps a GIAS download's address and head (Windows-1252, as GIAS sends it); the
 * head's name is personal data, which reports leave out under --redact.
 */

vi.setConfig({testTimeout: 60_000})

let dir: TempDir
let env: Record<string, string>

const CONTACT_HEADER = [
  'Street',
  'Locality',
  'Address3',
  'County (name)',
  'HeadTitle (name)',
  'HeadFirstName',
  'HeadLastName',
] as const

function giasFile(name: string, rows: {urn: number; contact: string[]}[]): string {
  const lines = [
    [...GIAS_HEADER, ...CONTACT_HEADER],
    ...rows.map(({urn, contact}) => [...giasRow(urn), ...contact]),
  ].map((cells) => cells.map((cell) => `"${String(cell)}"`).join(','))
  const path = dir.file(name)
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252'))
  return path
}

beforeAll(() => {
  dir = tempDir('broker-contacts-')
  env = {BROKER_DB: dir.file('registry.db'), BROKER_TODAY: '2026-12-01'}
  runJson<InitResult>(['init'], {env})
})
afterAll(() => dir.remove())

describe('school addresses and heads from GIAS', () => {
  it('keeps the address lines and the head’s title and names, accents and curly apostrophes intact', () => {
    const file = giasFile('gias.csv', [
      {urn: 100001, contact: ['1 Chapel Row', 'Low Fell', '', 'Tyne and Wear', 'Mrs', 'Siân', 'O’Brien']},
      {urn: 100002, contact: ['', '', '', '', '', '', '']},
    ])
    const report = runJson<SchoolImportReport>(['schools', 'import', file], {env})
    expect(report.file).toMatchObject({encoding: 'windows-1252'})

    const withHead = runJson<SchoolDetail>(['schools', 'show', '100001'], {env}).school
    expect(withHead.address).toEqual({
      street: '1 Chapel Row',
      locality: 'Low Fell',
      address3: null,
      town: 'Gateshead',
      county: 'Tyne and Wear',
      postcode: 'NE9 5NB',
    })
    expect(withHead.head).toEqual({title: 'Mrs', firstName: 'Siân', lastName: 'O’Brien'})
    const shown = runCli(['schools', 'show', '100001'], {env}).stdout
    expect(shown).toContain('1 Chapel Row, Low Fell, Gateshead, Tyne and Wear, NE9 5NB')
    expect(shown).toContain('Mrs Siân O’Brien')

    // A school GIAS lists without a head has none (letters then say "Dear Headteacher").
    expect(runJson<SchoolDetail>(['schools', 'show', '100002'], {env}).school.head).toBeNull()
  })

  it('prints the head in the school report, and leaves the name out under --redact', () => {
    const full = runJson<ReportResult<SchoolReport>>(['reports', 'school', '100001'], {env}).report
    expect(full.school.head).toBe('Mrs Siân O’Brien')
    expect(full.school.address).toEqual(['1 Chapel Row', 'Low Fell', 'Gateshead', 'Tyne and Wear', 'NE9 5NB'])
    const redacted = runCli(['reports', 'school', '100001', '--redact', '--format', 'markdown'], {env})
    expect(redacted.status, redacted.stderr).toBe(0)
    expect(redacted.stdout).not.toContain('O’Brien')
    expect(redacted.stdout).not.toContain('Siân')
    expect(redacted.stdout).toContain('1 Chapel Row')
  })

  it('updates the head when the next download names a new one, and a file without those columns keeps them', () => {
    runJson<SchoolImportReport>(
      [
        'schools',
        'import',
        giasFile('next.csv', [
          {urn: 100001, contact: ['1 Chapel Row', 'Low Fell', '', 'Tyne and Wear', 'Mr', 'Zoë', 'Ng']},
        ]),
      ],
      {env},
    )
    expect(runJson<SchoolDetail>(['schools', 'show', '100001'], {env}).school.head).toEqual({
      title: 'Mr',
      firstName: 'Zoë',
      lastName: 'Ng',
    })
    const plain = dir.file('plain.csv')
    writeFileSync(plain, `${GIAS_HEADER.join(',')}\r\n${giasRow(100001).join(',')}\r\n`)
    runJson<SchoolImportReport>(['schools', 'import', plain], {env})
    const database = new Database(env.BROKER_DB, {readonly: true})
    try {
      expect(database.prepare('select street, head_last_name from schools where urn = 100001').get()).toEqual({
        street: '1 Chapel Row',
        head_last_name: 'Ng',
      })
    } finally {
      database.close()
    }
  })
})
