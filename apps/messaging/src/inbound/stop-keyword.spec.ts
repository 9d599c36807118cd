import { isStopKeyword } from './stop-keyword';

describe('isStopKeyword', () => {
  it.each(['STOP', 'stop', ' Stop ', 'STOP ALL', 'stop  all', 'ARRET', 'arret', 'ANNULLA', 'Annulla\n'])(
    '%j opts out',
    (text) => expect(isStopKeyword(text)).toBe(true),
  );

  it.each(['', 'STOP!', 'please stop', 'STOPALL', 'stop it', 'ANNULLARE', 'ok'])('%j does not', (text) =>
    expect(isStopKeyword(text)).toBe(false),
  );
});
