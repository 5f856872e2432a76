import type { HubContext } from './context';

/** The service that owns a kind of row decides who may see one. */
export interface RowOwner<T> {
  visible(ctx: HubContext, row: T): boolean;
}

/** The row, when its owner lets the viewer see it; null when there is none or it is hidden. */
export function shownTo<T>(ctx: HubContext, owner: RowOwner<T>, row: T | null | undefined): T | null {
  return row && owner.visible(ctx, row) ? row : null;
}
