import 'reflect-metadata';
import { InvalidEnvironmentError, validateEnvironment } from '@app/core';
import { createWorkerApp } from './bootstrap';

async function main(): Promise<void> {
  try {
    validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await createWorkerApp();
  console.log(`Worker ${process.pid} consuming the queues`);
}

void main();
