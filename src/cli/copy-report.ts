import type {TableCheck} from '../services/registry-copy.js'
import {renderTable} from './table.js'

/** The verification of a copy between registries: rows and checksums per table, on both sides. */
export function renderCopyChecks(tables: readonly TableCheck[]): string {
  return renderTable(tables, [
    {header: 'Table', value: (table) => table.table},
    {header: 'Rows', value: (table) => table.sourceRows, align: 'right'},
    {header: 'Copied', value: (table) => table.targetRows, align: 'right'},
    {header: 'SHA-256 (first 16)', value: (table) => table.sourceChecksum.slice(0, 16)},
    {header: 'Same', value: (table) => (table.matches ? 'yes' : 'NO')},
  ])
}
