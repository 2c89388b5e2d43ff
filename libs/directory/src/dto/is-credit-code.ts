import { registerDecorator, ValidationOptions } from 'class-validator';
import { creditCodeProblem } from '../credit-code';

/** class-validator rule for 统一社会信用代码 (GB 32100-2015 check character). */
export function IsCreditCode(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCreditCode',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && creditCodeProblem(value) === null,
        defaultMessage: (args) => `creditCode ${typeof args?.value === 'string' ? creditCodeProblem(args.value) : 'must be a string'}`,
      },
    });
}
