import { isUuid, Principal, uuidsOnly } from '@app/core';
import { Injectable } from '@nestjs/common';
import { CreateFairInput } from './dto/fairs.inputs';
import { FairEntity, FairStatus } from './entities/fair.entity';
import { FairsErrors } from './fairs.errors';
import { FairsRepository } from './fairs.repository';

/** Fairs (社洽会 editions): created by organizers, opened by their first session. */
@Injectable()
export class FairsService {
  constructor(private readonly repo: FairsRepository) {}

  async create(principal: Principal, input: CreateFairInput): Promise<FairEntity> {
    if (input.endsOn < input.startsOn) throw FairsErrors.periodInverted();
    return this.repo.insertFair({
      name: input.name.trim(),
      city: input.city.trim(),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      status: FairStatus.PLANNED,
      createdBy: principal.userId,
    });
  }

  list(): Promise<FairEntity[]> {
    return this.repo.fairs();
  }

  async find(id: string): Promise<FairEntity | null> {
    return isUuid(id) ? this.repo.fair(id) : null;
  }

  async get(id: string): Promise<FairEntity> {
    const fair = await this.find(id);
    if (!fair) throw FairsErrors.fairNotFound(id);
    return fair;
  }

  findMany(ids: readonly string[]): Promise<FairEntity[]> {
    return this.repo.fairsByIds(uuidsOnly(ids));
  }
}
