export * from './domains';
export * from './nanjing';
export * from './labels-zh';
