import { returning } from './returning';

describe('returning', () => {
  it('unwraps the [rows, count] answer TypeORM gives for UPDATE … RETURNING', () => {
    expect(returning([[{ id: 1 }], 1])).toEqual([{ id: 1 }]);
    expect(returning([[], 0])).toEqual([]);
  });

  it('passes plain rows through', () => {
    expect(returning([{ id: 1 }, { id: 2 }])).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
