export * from './actor-assertion';
export * from './connection-options';
export * from './server-config';
export * from './subject-permissions';
export * from './user-keys';
export * from './stack-credentials';
