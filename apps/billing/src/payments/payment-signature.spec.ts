import { paymentSignatureProblem, signPayment } from './payment-signature';

describe('payment signature', () => {
  const secret = 'whsec_test_0123456789abcdef0123456789';
  const body = '{"id":"evt_1"}';
  const now = 1_800_000_000;

  it('accepts its own signature within five minutes, also beside an old secret’s', () => {
    expect(paymentSignatureProblem(signPayment(secret, body, now - 299), body, secret, now)).toBeNull();
    const rotated = `${signPayment(secret, body, now)},v1=${'0'.repeat(64)}`;
    expect(paymentSignatureProblem(rotated, body, secret, now)).toBeNull();
  });

  it('refuses another secret, another body, an old or future timestamp, a malformed header', () => {
    expect(paymentSignatureProblem(signPayment('other secret', body, now), body, secret, now)).toMatch(/match/);
    expect(paymentSignatureProblem(signPayment(secret, body, now), `${body} `, secret, now)).toMatch(/match/);
    expect(paymentSignatureProblem(signPayment(secret, body, now - 301), body, secret, now)).toMatch(/old/);
    expect(paymentSignatureProblem(signPayment(secret, body, now + 301), body, secret, now)).toMatch(/old/);
    expect(paymentSignatureProblem('v1=abc', body, secret, now)).toMatch(/malformed/);
    expect(paymentSignatureProblem('t=1,v1=zz', body, secret, 1)).toMatch(/match/);
  });
});
