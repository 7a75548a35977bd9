import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const base = { SESSION_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: '11'.repeat(32), DATA_DIR: '/tmp/subtext-test-data' };
const production = { ...base, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' };

describe('tracking settings', () => {
  it('default to the seven regions, hourly snapshots and charts, daily checks, 20 oEmbed checks a minute', () => {
    const config = loadConfig(production);
    expect(config.trackingRegions).toEqual(['PL', 'NL', 'SE', 'NO', 'AT', 'GB', 'US']);
    expect(config.trackingSchedules).toEqual({ snapshots: '0 * * * *', trending: '30 * * * *', thumbnails: '15 3 * * *', availability: '45 2 * * *' });
    expect(config.oembedRatePerMinute).toBe(20);
    expect(config.trackingPoolConcurrency).toEqual({ tracking: 2, scoring: 4, thumbnails: 8, deadvideos: 2 });
  });

  it('run every few minutes in demo mode, so a demo has something to show at once', () => {
    expect(loadConfig(base).trackingSchedules.snapshots).toBe('*/2 * * * *');
    expect(loadConfig({ ...base, SNAPSHOT_SCHEDULE: '5 * * * *' }).trackingSchedules.snapshots).toBe('5 * * * *');
  });

  it('accept region lists in any case and refuse what is not a region code', () => {
    expect(loadConfig({ ...production, TRACKING_REGIONS: 'de, fr,DE' }).trackingRegions).toEqual(['DE', 'FR']);
    expect(() => loadConfig({ ...production, TRACKING_REGIONS: 'DE,France' })).toThrow(new ConfigError('TRACKING_REGIONS contains "FRANCE": use comma-separated two-letter region codes such as PL,NL,SE,NO,AT,GB,US.'));
  });

  it('refuse a schedule that is not a five-field cron pattern, naming the variable', () => {
    expect(() => loadConfig({ ...production, SNAPSHOT_SCHEDULE: '@hourly' })).toThrow(/^SNAPSHOT_SCHEDULE="@hourly" is not a cron pattern/);
    expect(() => loadConfig({ ...production, TRENDING_SCHEDULE: '61 * * * *' })).toThrow(/^TRENDING_SCHEDULE="61 \* \* \* \*" is not a cron pattern/);
  });

  it('refuse rates and concurrencies out of range', () => {
    expect(() => loadConfig({ ...production, OEMBED_RATE_PER_MINUTE: '0' })).toThrow(/OEMBED_RATE_PER_MINUTE="0" is not valid/);
    expect(() => loadConfig({ ...production, THUMBNAIL_CONCURRENCY: 'many' })).toThrow(/THUMBNAIL_CONCURRENCY="many" is not valid/);
  });
});
