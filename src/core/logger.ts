import pino, { type Logger } from 'pino';
import type { Config } from '../config';

// Personal data never reaches a log: these paths are censored wherever they appear.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  'variables',
  '*.variables',
  'input',
  '*.input',
];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'jiujinan-hub' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
