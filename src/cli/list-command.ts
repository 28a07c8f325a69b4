import {type Command, Flags} from '@oclif/core'

import {usage} from '../core/errors.js'
import type {TableBlock} from '../core/reports/document.js'
import {checkOutput, renderSpreadsheet, writeOutput} from '../services/output.js'
import {BaseCommand} from './base-command.js'
import {doneLine} from './deployments.js'
import {plural} from './table.js'

/**
 * What every list command shares: a table on the terminal, or with `--format xlsx --out FILE` a
 * spreadsheet of every row (the default --limit is for the terminal only; a --limit given is kept).
 */

export const LIST_FORMATS = ['terminal', 'xlsx'] as const

export const listOutputFlags = {
  format: Flags.string({
    description: 'terminal or xlsx. Default: from the --out file name (.xlsx), else terminal.',
    options: [...LIST_FORMATS],
  }),
  out: Flags.string({
    char: 'o',
    description:
      'Write a spreadsheet of every row (not just --limit) to this .xlsx file: whole or not at all, readable by you only.',
  }),
  force: Flags.boolean({description: 'Replace the --out file if it exists.'}),
}

export interface SpreadsheetOutput {
  format: 'xlsx'
  path: string
  bytes: number
  /** Data rows written, over every sheet. */
  rows: number
}

/** A list's result, with the spreadsheet written by --out (absent on the terminal). */
export interface WithOutput {
  output?: SpreadsheetOutput
}

interface ListFlagValues {
  format?: string
  out?: string
  force?: boolean
  limit?: number
}

export abstract class ListCommand<T extends typeof Command> extends BaseCommand<T> {
  private get listFlags(): ListFlagValues {
    return this.flags as unknown as ListFlagValues
  }

  /**
   * The spreadsheet asked for, checked before any work (a mistake costs nothing), or null for the
   * terminal.
   */
  protected spreadsheetTarget(): {out: string; force: boolean} | null {
    const {format, out, force = false} = this.listFlags
    const wanted = format ?? (out && /\.xlsx$/i.test(out) ? 'xlsx' : undefined)
    if (out && wanted !== 'xlsx')
      throw usage('--out writes a spreadsheet.', {suggestion: 'Name the file .xlsx, or add --format xlsx.'})
    if (wanted !== 'xlsx') return null
    if (!out) throw usage('A spreadsheet needs a file to go to.', {suggestion: 'Add --out list.xlsx.'})
    checkOutput(out, {force})
    return {out, force}
  }

  /** --limit for the query: every row for a spreadsheet unless the user gave --limit. */
  protected rowLimit(spreadsheet: boolean): number | undefined {
    const {limit} = this.listFlags
    return spreadsheet && this.flagsFromDefault.has('limit') ? 0 : limit
  }

  protected async writeSpreadsheet(
    target: {out: string; force: boolean},
    tables: readonly TableBlock[],
    title: string,
  ): Promise<SpreadsheetOutput> {
    const bytes = await renderSpreadsheet(tables, {title})
    const written = writeOutput(target.out, bytes, {force: target.force})
    const rows = tables.reduce((total, block) => total + block.rows.length, 0)
    this.say(doneLine(`Wrote ${plural(rows, 'row')} to ${written.path}.`))
    return {format: 'xlsx', path: written.path, bytes: written.bytes, rows}
  }
}
