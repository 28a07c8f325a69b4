import {EndNeedCommand} from '../../cli/end-need.js'

export default class NeedsWithdraw extends EndNeedCommand {
  static override summary = 'Withdraw a need the school no longer wants, with a reason.'

  static override description = `Withdrawn is final: if the school asks again, record a new need. A team need withdraws its open sub-needs too. A need whose deployment is still proposed, agreed or active is refused until that deployment is cancelled.`

  static override examples = [
    '<%= config.bin %> needs withdraw 12 --reason "Head found support through the trust"',
    '<%= config.bin %> needs withdraw REQ-27-004 --reason "School closed" --json',
  ]

  protected readonly status = 'withdrawn'
}
