import { storableText } from './storable-text';

describe('storableText', () => {
  it('replaces U+0000 and unpaired surrogates with U+FFFD', () => {
    expect(storableText('Ciao\u0000!')).toBe('Ciao\uFFFD!');
    expect(storableText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(storableText('\u0000\u0000')).toBe('\uFFFD\uFFFD');
  });

  it('keeps every other text as it came, surrogate pairs included', () => {
    for (const text of ['STOP', 'Grazie 😀', 'àèìòù €', '', 'line\nbreak\ttab']) expect(storableText(text)).toBe(text);
  });
});
