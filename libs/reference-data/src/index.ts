export * from './domains';
export * from './nanjing';
