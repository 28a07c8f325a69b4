import {Args, Flags} from '@oclif/core'

import type {NeedChange} from '../services/needs.js'
import {endNeed} from '../services/needs.js'
import {BaseCommand} from './base-command.js'
import {canPrompt, missingFlags} from './prompts.js'
import {paint} from './style.js'

/**
 * `needs withdraw` and `needs close`: the same command ending a need with a different status.
 * The reason is asked for on a terminal when --reason is not given.
 */
export abstract class EndNeedCommand extends BaseCommand<typeof EndNeedCommand> {
  static override args = {
    need: Args.string({description: 'Need id or reference.', required: true}),
  }

  static override flags = {
    reason: Flags.string({description: 'Why (required; asked for on a terminal).'}),
  }

  protected abstract readonly status: 'closed' | 'withdrawn'

  async run(): Promise<NeedChange> {
    let reason = this.flags.reason
    if (reason === undefined || reason.trim() === '') {
      if (!canPrompt(this.jsonEnabled()))
        throw missingFlags(['reason'], `Say why the need is ${this.status}: --reason "...".`)
      const {input} = await import('@inquirer/prompts')
      reason = await input({
        message: `Why is need ${this.args.need} ${this.status}?`,
        required: true,
        validate: (text) => (text.trim() === '' ? 'A reason is needed.' : true),
      })
    }
    const change = await this.withContext((context) =>
      endNeed(context, {need: this.args.need, status: this.status, reason: reason}),
    )
    const team = change.subNeeds.filter(
      (sub) => sub.status === this.status && sub.statusReason === change.need.statusReason,
    )
    const also = team.length > 0 ? ` with its sub-needs ${team.map((sub) => sub.id).join(', ')}` : ''
    this.say(`${paint.ok('✓')} Need ${change.need.id} is ${this.status}${also}: ${change.need.statusReason}`)
    return change
  }
}
