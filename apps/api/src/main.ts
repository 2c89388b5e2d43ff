import 'reflect-metadata';
import { EnvironmentVariables, InvalidEnvironmentError, validateEnvironment } from '@app/core';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  let env: EnvironmentVariables;
  try {
    env = validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApiApp();
  await app.listen(env.PORT);
  console.log(`GraphQL API ready at http://localhost:${env.PORT}/graphql (subscriptions: ws://localhost:${env.PORT}/graphql)`);
}

void main();
