import {readFileSync} from 'node:fs'

import {type AgreementModel, agreementTags, buildAgreement} from '../core/agreements.js'
import {invalidInput} from '../core/errors.js'
import {layoutAgreement} from '../core/reports/layouts/agreement.js'
import {dataFilePath} from '../data-files.js'
import type {ServiceContext} from './context.js'
import {deploymentParties} from './correspondence.js'
import {deploymentDetail} from './deployment-views.js'

/**
 * `broker deployments agreement`: the agreement for signature, as a Word document from the
 * default template in data/ or a hub's own (docxtemplater tags), or as a PDF of the default layout.
 */

export type AgreementFormat = 'docx' | 'pdf'

export interface AgreementRequest {
  id: number
  format: AgreementFormat
  /** A hub's own .docx template (docx only); default data/agreement-template.docx. */
  template?: string
}

export interface DraftedAgreement {
  content: Buffer
  deploymentId: number
  /** 'default', or the hub's template file as given. */
  template: string
  objectives: number
  /** Tags in a hub's template that broker does not fill (they are left empty). */
  unfilledTags: string[]
}

export const DEFAULT_AGREEMENT_TEMPLATE = 'agreement-template.docx'

export async function draftAgreement(context: ServiceContext, request: AgreementRequest): Promise<DraftedAgreement> {
  // A hub's template is read first: a wrong path costs nothing.
  const template = request.template === undefined ? null : readTemplate(request.template)
  const model = await context.registry.read(async (repos): Promise<AgreementModel> => {
    const detail = await deploymentDetail(repos, request.id, context.today)
    const parties = await deploymentParties(repos, detail.deployment)
    return buildAgreement({
      hub: parties.hub,
      today: context.today,
      deployment: detail.deployment,
      needReference: detail.need?.reference ?? null,
      objectives: detail.objectives,
      plannedVisits: detail.plannedVisits,
      supported: parties.supported,
      home: parties.home,
      designation: parties.designation,
    })
  })
  const drafted = {deploymentId: model.deploymentId, objectives: model.objectives.length}
  if (request.format === 'pdf') {
    const {renderPdf} = await import('../reports/pdf.js')
    return {...drafted, content: await renderPdf(layoutAgreement(model)), template: 'default', unfilledTags: []}
  }
  const {fillDocx} = await import('../reports/docx.js')
  const filled = fillDocx(
    template ?? readFileSync(dataFilePath(DEFAULT_AGREEMENT_TEMPLATE)),
    agreementTags(model),
    request.template ?? DEFAULT_AGREEMENT_TEMPLATE,
  )
  return {...drafted, content: filled.bytes, template: request.template ?? 'default', unfilledTags: filled.unfilled}
}

function readTemplate(path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw invalidInput(`Cannot read the Word template ${path}: ${(error as Error).message}.`, {
      suggestion: 'Check the path; the template is a .docx file using docxtemplater tags.',
    })
  }
}
