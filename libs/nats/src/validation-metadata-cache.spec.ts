import 'reflect-metadata';
import { IsInt, IsString, Min, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  @Min(1)
  count!: number;
}

const failing = (o: object): string[] =>
  validateSync(o)
    .map((e) => e.property)
    .sort();

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('answers what class-validator answers, inherited rules included, on repeated calls', () => {
    for (let i = 0; i < 3; i++) {
      expect(failing(Object.assign(new Child(), { name: 'a', count: 2 }))).toEqual([]);
      expect(failing(Object.assign(new Child(), { name: 3, count: 0 }))).toEqual(['count', 'name']);
      expect(failing(Object.assign(new Base(), { name: 3 }))).toEqual(['name']);
    }
  });

  it('sees rules registered after the first validation (a class defined later)', () => {
    expect(failing(Object.assign(new Child(), { name: 'a', count: 2 }))).toEqual([]);
    class Late extends Child {
      @IsString()
      note!: string;
    }
    expect(failing(Object.assign(new Late(), { name: 'a', count: 2, note: 5 }))).toEqual(['note']);
    expect(failing(Object.assign(new Late(), { name: 'a', count: 2, note: 'ok' }))).toEqual([]);
  });

  it('is idempotent', () => {
    cacheValidationMetadata();
    expect(failing(Object.assign(new Child(), { name: 'a', count: 0 }))).toEqual(['count']);
  });
});
