import { useI18n } from '../../shared/i18n/i18n';

/**
 * Credits spent per day of the month as bars: an image with a text summary for screen readers,
 * each bar titled with its day and figure.
 */
export function UsageChart({ byDay, from, to }: { byDay: Record<string, number>; from: string; to: string }) {
  const i18n = useI18n();
  const days: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1))
    days.push(d.toISOString().slice(0, 10));
  const max = Math.max(1, ...days.map((d) => byDay[d] ?? 0));
  const total = days.reduce((s, d) => s + (byDay[d] ?? 0), 0);
  const width = 12;
  const height = 80;
  return (
    <svg
      role="img"
      aria-label={i18n.t('home.chart', { total })}
      viewBox={`0 0 ${days.length * width} ${height}`}
      className="chart"
      data-testid="usage-chart"
    >
      {days.map((d, i) => {
        const v = byDay[d] ?? 0;
        const h = Math.round((v / max) * (height - 2));
        return (
          <rect key={d} x={i * width + 1} y={height - h} width={width - 2} height={Math.max(h, 0)} fill="#0b4fa8">
            <title>{`${i18n.date(`${d}T12:00:00Z`)}: ${i18n.t('home.credits', { n: v })}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
