import { notFound, Principal } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CreateFairInput } from './dto/fairs.inputs';
import { FairEntity, FairStatus } from './entities/fair.entity';
import { FairsErrors, isUuid } from './fairs.errors';

/** Fairs (社洽会 editions): created by organizers, opened by their first session. */
@Injectable()
export class FairsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(principal: Principal, input: CreateFairInput): Promise<FairEntity> {
    if (input.endsOn < input.startsOn) throw FairsErrors.periodInverted();
    const repo = this.db.getRepository(FairEntity);
    return repo.save(repo.create({
      name: input.name.trim(), city: input.city.trim(), startsOn: input.startsOn, endsOn: input.endsOn,
      status: FairStatus.PLANNED, createdBy: principal.userId,
    }));
  }

  list(): Promise<FairEntity[]> {
    return this.db.getRepository(FairEntity).find({ order: { startsOn: 'DESC', createdAt: 'DESC', id: 'ASC' } });
  }

  async find(id: string): Promise<FairEntity | null> {
    return isUuid(id) ? this.db.getRepository(FairEntity).findOneBy({ id }) : null;
  }

  async get(id: string): Promise<FairEntity> {
    const fair = await this.find(id);
    if (!fair) throw notFound('Fair', id);
    return fair;
  }

  findMany(ids: readonly string[]): Promise<FairEntity[]> {
    return this.db.getRepository(FairEntity).findBy({ id: In([...ids]) });
  }
}
