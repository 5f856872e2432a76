import { withinArea } from '../core/areas';
import { viewerCovers, type Viewer } from '../core/auth';
import type { HubContext } from '../core/context';
import { ForbiddenError, UnauthenticatedError } from '../core/errors';
import type { EventBus } from './bus';
import { eventStream, type EventScope, type EventStream } from './subscription';

/** What an area feed streams: one event type, to whom, and what each event delivers. */
export interface AreaFeed<T> {
  type: string;
  mayWatch: (viewer: Viewer) => boolean;
  refusal: string;
  toPayload: (scope: EventScope) => Promise<T | null>;
}

/**
 * One event type of an area (its payload names the `areaCode` it happened in) for a viewer who may
 * watch that area: UNAUTHENTICATED without a viewer, FORBIDDEN with `refusal` when `mayWatch` says no
 * or the area is outside the viewer's jurisdiction; each event is held to the jurisdiction again.
 */
export function areaEventStream<T>(
  bus: EventBus,
  ctx: HubContext,
  areaCode: string,
  feed: AreaFeed<T>,
): EventStream<T> {
  const { type, toPayload } = feed;
  const viewer = ctx.viewer;
  if (!viewer) throw new UnauthenticatedError();
  if (!feed.mayWatch(viewer) || !viewerCovers(viewer, areaCode)) throw new ForbiddenError(feed.refusal);
  return eventStream<T>({
    bus,
    ctx,
    accept: (event) =>
      event.type === type &&
      typeof event.payload.areaCode === 'string' &&
      withinArea(event.payload.areaCode, areaCode) &&
      viewerCovers(viewer, event.payload.areaCode),
    toPayload,
  });
}
