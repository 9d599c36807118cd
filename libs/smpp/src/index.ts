export * from './smpp-session';
export * from './udh';
export * from './receipt';
export * from './address';
export * from './smsc-simulator';
export * from './short-message';
