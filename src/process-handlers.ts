import type { Config } from './config';
import { loggableError, type Logger } from './core/logger';

/** Time left after the drain's grace to close the event relays, the pool and the embedded database. */
export const CLOSE_MARGIN_MS = 10_000;

/** When shutdown gives up and exits: always after Apollo's drain grace, never at the same moment. */
export function forcedExitMs(config: Pick<Config, 'shutdownGraceMs'>): number {
  return config.shutdownGraceMs + CLOSE_MARGIN_MS;
}

/**
 * A rejected promise nobody handled is logged (the error only, never request data) and the hub
 * keeps serving: Node's default would kill every live subscription with the process. An uncaught
 * exception leaves the process in an unknown state: it is logged and the hub shuts down cleanly.
 */
export function installProcessHandlers(
  proc: NodeJS.Process,
  log: Logger,
  shutdown: (reason: 'uncaughtException') => void,
): void {
  proc.on('unhandledRejection', (reason) => {
    log.error({ err: loggableError(reason) }, 'unhandled promise rejection');
  });
  proc.on('uncaughtException', (error) => {
    log.fatal({ err: loggableError(error) }, 'uncaught exception: shutting down');
    shutdown('uncaughtException');
  });
}
