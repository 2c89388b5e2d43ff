import { Connection, decodeCursor, nearCondition, toConnection } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { gradesAtLeast } from './directory.service';
import { OrganizationsArgs } from './dto/organization.inputs';
import { OrganizationEntity } from './entities/organization.entity';
import { ServiceOfferingEntity } from './entities/service-offering.entity';

/** The directory's browse query: filters, keyset pagination by (name, id), exact totals. */
@Injectable()
export class OrganizationSearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(args: OrganizationsArgs): Promise<Connection<OrganizationEntity>> {
    const f = args.filter ?? {};
    const qb = this.db.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (f.domains?.length) {
      const sub = qb.subQuery().select('1').from(ServiceOfferingEntity, 's').where('s.organization_id = o.id').andWhere('s.domain IN (:...domains)').getQuery();
      qb.andWhere(`EXISTS ${sub}`, { domains: f.domains });
    }
    if (f.minGrade) qb.andWhere('o.grade IN (:...grades)', { grades: gradesAtLeast(f.minGrade) });
    if (f.district) qb.andWhere('o.district = :district', { district: f.district.trim() });
    if (f.near) {
      const near = nearCondition('o', f.near);
      qb.andWhere(near.sql, near.params);
    }
    if (f.text?.trim()) {
      const like = `%${f.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('o.name ILIKE :like', { like }).orWhere('o.district ILIKE :like', { like })));
    }
    const totalCount = await qb.clone().getCount();
    const after = decodeCursor(args.after);
    if (after) qb.andWhere('(o.name, o.id) > (:afterName, :afterId)', { afterName: String(after.key), afterId: after.id });
    const rows = await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(args.first + 1).getMany();
    return toConnection(rows, args.first, totalCount, (o) => ({ key: o.name, id: o.id }));
  }
}
