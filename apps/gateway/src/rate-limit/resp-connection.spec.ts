import { parseReply } from './resp-connection';

describe('parseReply (RESP2)', () => {
  const parse = (s: string) => parseReply(Buffer.from(s), 0);

  it('reads simple strings, errors, integers, bulk strings and nested arrays', () => {
    expect(parse('+OK\r\n')).toEqual({ value: 'OK', end: 5 });
    expect(parse('-ERR no\r\n')?.value).toEqual(new Error('ERR no'));
    expect(parse(':42\r\n')?.value).toBe(42);
    expect(parse('$4\r\nhé!\r\n')?.value).toBe('hé!'); // length in bytes
    expect(parse('$-1\r\n')?.value).toBeNull();
    expect(parse('*2\r\n:3\r\n*1\r\n:59000\r\n')?.value).toEqual([3, [59000]]);
  });

  it('waits for the rest of a reply split across packets', () => {
    expect(parse('*2\r\n:3\r\n')).toBeNull();
    expect(parse('$10\r\nabc')).toBeNull();
    expect(parse(':4')).toBeNull();
  });
});
