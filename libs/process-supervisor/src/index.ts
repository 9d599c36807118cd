export * from './supervised-process';
export * from './prefixed-output';
export * from './node-app';
export * from './wait';
