import type {Kysely} from 'kysely'

import type {RegistryEngine} from '../location.js'
import type {RegistrySchema} from '../schema.js'
import {AuditRepo} from './audit.js'
import {CalendarRepo} from './calendar.js'
import {CapacityRepo} from './capacity.js'
import {ClustersRepo} from './clusters.js'
import {DeploymentsRepo} from './deployments.js'
import {DistrictsRepo} from './districts.js'
import {ImpactRepo} from './impact.js'
import {ImportsRepo} from './imports.js'
import {InspectionsRepo} from './inspections.js'
import {LeadersRepo} from './leaders.js'
import {LedgerRepo} from './ledger.js'
import {LegacyRepo} from './legacy.js'
import {MatchRepo} from './match.js'
import {MetaRepo} from './meta.js'
import {NeedsRepo} from './needs.js'
import {ObjectionsRepo} from './objections.js'
import {PrivacyRepo} from './privacy.js'
import {ReportsRepo} from './reports.js'
import {ResultsRepo} from './results.js'
import {SchoolsRepo} from './schools.js'
import {SearchRepo} from './search.js'
import {SpecialismsRepo} from './specialisms.js'
import {StatsRepo} from './stats.js'
import {TrustsRepo} from './trusts.js'

/** The repositories, all bound to one transaction (or one read snapshot). */
export class Repos {
  readonly audit: AuditRepo
  readonly calendar: CalendarRepo
  readonly capacity: CapacityRepo
  readonly clusters: ClustersRepo
  readonly impact: ImpactRepo
  readonly imports: ImportsRepo
  readonly inspections: InspectionsRepo
  readonly deployments: DeploymentsRepo
  readonly districts: DistrictsRepo
  readonly leaders: LeadersRepo
  readonly ledger: LedgerRepo
  readonly legacy: LegacyRepo
  readonly match: MatchRepo
  readonly meta: MetaRepo
  readonly needs: NeedsRepo
  readonly objections: ObjectionsRepo
  readonly privacy: PrivacyRepo
  readonly reports: ReportsRepo
  readonly results: ResultsRepo
  readonly schools: SchoolsRepo
  readonly search: SearchRepo
  readonly specialisms: SpecialismsRepo
  readonly stats: StatsRepo
  readonly trusts: TrustsRepo

  constructor(db: Kysely<RegistrySchema>, engine: RegistryEngine) {
    this.audit = new AuditRepo(db)
    this.calendar = new CalendarRepo(db)
    this.capacity = new CapacityRepo(db)
    this.clusters = new ClustersRepo(db)
    this.impact = new ImpactRepo(db)
    this.imports = new ImportsRepo(db)
    this.inspections = new InspectionsRepo(db)
    this.deployments = new DeploymentsRepo(db)
    this.districts = new DistrictsRepo(db)
    this.leaders = new LeadersRepo(db)
    this.ledger = new LedgerRepo(db)
    this.legacy = new LegacyRepo(db)
    this.match = new MatchRepo(db)
    this.meta = new MetaRepo(db)
    this.needs = new NeedsRepo(db)
    this.objections = new ObjectionsRepo(db)
    this.privacy = new PrivacyRepo(db)
    this.reports = new ReportsRepo(db)
    this.results = new ResultsRepo(db)
    this.schools = new SchoolsRepo(db)
    this.search = new SearchRepo(db, engine)
    this.specialisms = new SpecialismsRepo(db)
    this.stats = new StatsRepo(db)
    this.trusts = new TrustsRepo(db)
  }
}
