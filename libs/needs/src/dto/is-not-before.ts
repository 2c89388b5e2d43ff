import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The decorated value must be >= the sibling property `other` (a 'YYYY-MM-DD' date
 * compares correctly as a string; fen as numbers). Passes when either is absent, so
 * optional ranges stay optional. A class-validator rule rather than a service check,
 * so the error names the field alongside every other problem of the same input.
 */
export function IsNotBefore(other: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotBefore',
      target: object.constructor,
      propertyName,
      constraints: [other],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const otherValue = (args.object as Record<string, unknown>)[other];
          if (value === undefined || value === null || otherValue === undefined || otherValue === null) return true;
          if (typeof value !== typeof otherValue) return true; // type rules on each field report that
          return (value as string | number) >= (otherValue as string | number);
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must not be before ${other}`,
      },
    });
}
