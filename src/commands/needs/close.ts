import {EndNeedCommand} from '../../cli/end-need.js'

export default class NeedsClose extends EndNeedCommand {
  static override summary = 'Close a need that was met or has run its course, with a reason.'

  static override description = `Closed is final. A team need closes its open sub-needs too. A need whose deployment is still proposed, agreed or active is refused until that deployment is completed or cancelled.`

  static override examples = [
    '<%= config.bin %> needs close 12 --reason "Met: phonics lead coached through the spring term"',
    '<%= config.bin %> needs close REQ-27-002 --reason "Met by the LA adviser" --json',
  ]

  protected readonly status = 'closed'
}
