import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TextField } from './fields';

describe('TextField', () => {
  it('shows the API message next to the field and marks it invalid for assistive tech', () => {
    render(<TextField label="CAP" error="postalCode must be 5 digits" />);
    const input = screen.getByLabelText('CAP');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('postalCode must be 5 digits');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
  });

  it('is not marked invalid without an error', () => {
    render(<TextField label="Città" />);
    expect(screen.getByLabelText('Città').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
