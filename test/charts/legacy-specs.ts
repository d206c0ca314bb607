import type { ChartRequest } from '../../src/charts/chart-request.ts';
import { currencySymbol } from '../../src/charts/chart-style.ts';
import type { VegaLiteSpec } from '../../src/charts/render-png.ts';

/**
 * The spec builders as they were before issue 15 (commit c2c03d4), kept only to prove the
 * scene checks catch what those drew wrong: a check that passes a broken chart proves nothing.
 */

function config(currency?: string) {
  return {
    font: 'DejaVu Sans',
    background: 'white',
    view: { stroke: null },
    title: { fontSize: 18, anchor: 'start', offset: 12 },
    axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 160, gridColor: '#e5e7eb' },
    legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top' },
    ...(currency
      ? {
          locale: {
            number: {
              decimal: '.',
              thousands: ',',
              grouping: currency === 'INR' ? [3, 2, 2, 2, 2, 2, 2, 2, 2, 2] : [3],
              currency: [currencySymbol(currency), ''],
            },
          },
        }
      : {}),
  };
}

const frame = { width: 640, height: 360, autosize: { type: 'fit', contains: 'padding' }, padding: 12 };
const formats = (currency?: string) =>
  currency ? { axis: '$,~f', label: `$,.${currency === 'JPY' ? 0 : 2}f` } : { axis: ',~f', label: ',.2~f' };

function horizontal(
  title: string,
  subtitle: string | undefined,
  rows: { label: string; value: number }[],
  format: { axis: string; label: string },
  valueTitle: string | null,
  currency: string | undefined,
  color: string,
) {
  return {
    ...frame,
    title: subtitle ? { text: title, subtitle } : title,
    config: config(currency),
    data: { values: [...rows].sort((x, y) => y.value - x.value) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 13 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: valueTitle,
        axis: { format: format.axis, formatType: 'number', tickCount: 5 },
        scale: { nice: true },
      },
    },
    layer: [
      { mark: { type: 'bar', color, cornerRadiusEnd: 2 } },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12, color: '#111827' },
        encoding: { text: { field: 'value', type: 'quantitative', format: format.label, formatType: 'number' } },
      },
    ],
  };
}

export function legacySpec(request: ChartRequest): VegaLiteSpec {
  switch (request.kind) {
    case 'bars-by-marketplace': {
      const i = request.input;
      return horizontal(
        i.title,
        i.subtitle,
        i.items,
        formats(i.currency),
        i.valueTitle ?? (i.currency ? `Amount (${i.currency})` : null),
        i.currency,
        '#2563eb',
      ) as VegaLiteSpec;
    }
    case 'return-rate-bars': {
      const i = request.input;
      return horizontal(
        i.title,
        i.subtitle,
        i.items.map((x) => ({ label: x.label, value: x.percent / 100 })),
        { axis: '.0%', label: '.2~%' },
        'Return rate',
        undefined,
        '#dc2626',
      ) as VegaLiteSpec;
    }
    case 'grouped-bars': {
      const i = request.input;
      const groups = [i.aLabel, i.bLabel];
      return {
        ...frame,
        title: i.subtitle ? { text: i.title, subtitle: i.subtitle } : i.title,
        config: config(i.currency),
        data: {
          values: i.categories.flatMap((c) => [
            { category: c.label, group: i.aLabel, value: c.a },
            { category: c.label, group: i.bLabel, value: c.b },
          ]),
        },
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          x: {
            field: 'category',
            type: 'nominal',
            sort: i.categories.map((c) => c.label),
            title: null,
            axis: { labelAngle: i.categories.length > 6 ? -35 : 0, labelLimit: 120 },
          },
          xOffset: { field: 'group', type: 'nominal', sort: groups },
          y: {
            field: 'value',
            type: 'quantitative',
            title: i.valueTitle ?? (i.currency ? `Amount (${i.currency})` : null),
            axis: { format: formats(i.currency).axis, formatType: 'number', tickCount: 6 },
          },
          color: {
            field: 'group',
            type: 'nominal',
            title: null,
            scale: { domain: groups, range: ['#2563eb', '#f59e0b'] },
          },
        },
      } as VegaLiteSpec;
    }
    case 'lines-over-time': {
      const i = request.input;
      return {
        ...frame,
        title: i.subtitle ? { text: i.title, subtitle: i.subtitle } : i.title,
        config: config(i.currency),
        data: {
          values: i.series.flatMap((s) => s.points.map((p) => ({ series: s.label, date: p.date, value: p.value }))),
        },
        mark: { type: 'line', point: { size: 30 }, strokeWidth: 2 },
        encoding: {
          x: {
            field: 'date',
            type: 'temporal',
            timeUnit: 'utcyearmonthdate',
            title: null,
            axis: { labelAngle: 0, tickCount: 8, format: '%d %b' },
          },
          y: {
            field: 'value',
            type: 'quantitative',
            title: i.valueTitle ?? (i.currency ? `Amount (${i.currency})` : null),
            axis: { format: formats(i.currency).axis, formatType: 'number', tickCount: 6 },
          },
          color: { field: 'series', type: 'nominal', title: null, sort: i.series.map((s) => s.label) },
        },
      } as VegaLiteSpec;
    }
  }
}
