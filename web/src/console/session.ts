import { reactive } from 'vue';
import { request, setToken } from '../api/client';
import { ViewerQuery } from '../api/console';
import type { ConsoleViewerQuery } from '../gql/graphql';

export type ConsoleName = 'org' | 'work';
type Viewer = NonNullable<ConsoleViewerQuery['viewer']>;

/** The signed-in viewer of one console; the token lives in this browser's localStorage. */
export const session = reactive<{ console: ConsoleName | null; viewer: Viewer | null; checked: boolean }>({
  console: null,
  viewer: null,
  checked: false,
});

const key = (name: ConsoleName) => `jjn.token.${name}`;

export async function resume(name: ConsoleName): Promise<Viewer | null> {
  session.console = name;
  const token = localStorage.getItem(key(name));
  setToken(token);
  session.viewer = token
    ? await request(ViewerQuery, {}).then(
        (d) => d.viewer,
        () => null,
      )
    : null;
  session.checked = true;
  return session.viewer;
}

export async function signIn(name: ConsoleName, token: string): Promise<Viewer> {
  setToken(token.trim());
  const { viewer } = await request(ViewerQuery, {});
  if (!viewer) {
    setToken(null);
    throw new Error('令牌无效或已过期');
  }
  localStorage.setItem(key(name), token.trim());
  session.viewer = viewer;
  return viewer;
}

export function signOut(name: ConsoleName): void {
  localStorage.removeItem(key(name));
  setToken(null);
  session.viewer = null;
}

export const ROLE: Record<string, string> = {
  CHARITY: '慈善组织',
  CASEWORKER: '街镇工作人员',
  COORDINATOR: '区/市统筹人员',
  AUDITOR: '督查人员',
};
