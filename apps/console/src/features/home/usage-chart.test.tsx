import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../shared/i18n/i18n';
import { UsageChart } from './usage-chart';

describe('daily usage chart', () => {
  it('draws one bar per day of the period, tallest for the busiest day, with a spoken total', () => {
    render(
      <I18nProvider>
        <UsageChart byDay={{ '2026-11-02': 4, '2026-11-05': 10 }} from="2026-11-01" to="2026-11-07" />
      </I18nProvider>,
    );
    const chart = screen.getByRole('img');
    expect(chart.getAttribute('aria-label')).toBe('Consumo giornaliero di questo mese: 14 crediti in tutto.');
    const bars = [...chart.querySelectorAll('rect')];
    expect(bars).toHaveLength(7);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights.indexOf(Math.max(...heights))).toBe(4);
    expect(heights[1]).toBeGreaterThan(0);
    expect(heights[0]).toBe(0);
    expect(bars[4].querySelector('title')?.textContent).toContain('10 crediti');
  });
});
