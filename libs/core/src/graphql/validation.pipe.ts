import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from '../errors/domain-error';

/** class-validator's errors as (field, message) pairs, nested fields dotted (`location.lat`); the bulk import reports them per cell. */
export function validationProblems(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...validationProblems(e.children ?? [], field)];
  });
}

/**
 * Every input class is checked by class-validator before a resolver runs; the
 * error names each bad field (`input.budget: budget must be greater than 0`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const problems = validationProblems(errors);
      const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      return new DomainError(ErrorCode.BAD_USER_INPUT, message, { field: problems[0]?.field, fields: problems.map((p) => p.field) });
    },
  });
}
