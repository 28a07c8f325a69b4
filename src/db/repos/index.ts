import type {Kysely} from 'kysely'

import type {RegistrySchema} from '../schema.js'
import {AuditRepo} from './audit.js'
import {CapacityRepo} from './capacity.js'
import {DistrictsRepo} from './districts.js'
import {LeadersRepo} from './leaders.js'
import {MetaRepo} from './meta.js'
import {NeedsRepo} from './needs.js'
import {SchoolsRepo} from './schools.js'
import {SearchRepo} from './search.js'
import {SpecialismsRepo} from './specialisms.js'
import {StatsRepo} from './stats.js'
import {TrustsRepo} from './trusts.js'

/** The repositories, all bound to one transaction (or one read snapshot). */
export class Repos {
  readonly audit: AuditRepo
  readonly capacity: CapacityRepo
  readonly districts: DistrictsRepo
  readonly leaders: LeadersRepo
  readonly meta: MetaRepo
  readonly needs: NeedsRepo
  readonly schools: SchoolsRepo
  readonly search: SearchRepo
  readonly specialisms: SpecialismsRepo
  readonly stats: StatsRepo
  readonly trusts: TrustsRepo

  constructor(db: Kysely<RegistrySchema>) {
    this.audit = new AuditRepo(db)
    this.capacity = new CapacityRepo(db)
    this.districts = new DistrictsRepo(db)
    this.leaders = new LeadersRepo(db)
    this.meta = new MetaRepo(db)
    this.needs = new NeedsRepo(db)
    this.schools = new SchoolsRepo(db)
    this.search = new SearchRepo(db)
    this.specialisms = new SpecialismsRepo(db)
    this.stats = new StatsRepo(db)
    this.trusts = new TrustsRepo(db)
  }
}
