/**
 * The admin's routes: which sub-path is which page, the methods each
 * answers, and the URLs of every page under the mount path.
 */
import { parsePersistentId } from '../../core/persistent-id.js';
import { type AdminUrls, type DeviceAction } from './views.js';

/** The path of the admin's stylesheet under its mount path. */
export const ADMIN_STYLESHEET_PATH = '/admin.css';

export const MAX_USER_ID_LENGTH = 255;

type Route =
  | { readonly name: 'index' | 'user' | 'create' | 'backup-codes' | 'stylesheet' }
  | { readonly name: 'device'; readonly persistentId: string; readonly action: DeviceAction | null }
  | { readonly name: 'unknown' };

const DEVICE_ACTIONS: ReadonlySet<string> = new Set<DeviceAction>(['qr.svg', 'confirm', 'rename', 'reset-throttle', 'delete']);

/** Which methods each route answers; HEAD goes with GET. */
export function allowedMethods(route: Route): readonly string[] {
  switch (route.name) {
    case 'index':
    case 'user':
    case 'stylesheet':
      return ['GET', 'HEAD'];
    case 'create':
      return ['POST'];
    case 'backup-codes':
      // GET shows new codes (reloads included) and the "replace all codes?" question; POST makes them.
      return ['GET', 'HEAD', 'POST'];
    case 'device':
      if (route.action === null || route.action === 'qr.svg') return ['GET', 'HEAD'];
      return route.action === 'delete' ? ['GET', 'HEAD', 'POST'] : ['POST'];
    case 'unknown':
      return ['GET', 'HEAD', 'POST'];
  }
}

/** Maps the path under the mount point to a route. */
export function resolveAdminRoute(subPath: string): Route {
  if (subPath === '' || subPath === '/') return { name: 'index' };
  if (subPath === ADMIN_STYLESHEET_PATH) return { name: 'stylesheet' };
  if (subPath === '/user') return { name: 'user' };
  if (subPath === '/devices') return { name: 'create' };
  if (subPath === '/backup-codes') return { name: 'backup-codes' };
  const match = /^\/devices\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(subPath);
  if (match === null) return { name: 'unknown' };
  const persistentId = `${match[1]!}/${match[2]!}`;
  if (parsePersistentId(persistentId) === null) return { name: 'unknown' };
  const action = match[3];
  if (action === undefined) return { name: 'device', persistentId, action: null };
  if (!DEVICE_ACTIONS.has(action)) return { name: 'unknown' };
  return { name: 'device', persistentId, action: action as DeviceAction };
}

/** The admin's URLs under `basePath`. */
export function adminUrls(basePath: string, logoutUrl: string | null): AdminUrls {
  const home = `${basePath}/`;
  return {
    home,
    stylesheet: `${basePath}${ADMIN_STYLESHEET_PATH}`,
    createDevice: `${basePath}/devices`,
    backupCodes: `${basePath}/backup-codes`,
    logout: logoutUrl,
    user: (userId) => `${basePath}/user?id=${encodeURIComponent(userId)}`,
    search: (query) => (query === '' ? home : `${home}?q=${encodeURIComponent(query)}`),
    device: (persistentId) => `${basePath}/devices/${persistentId}`,
    deviceAction: (persistentId, action) => `${basePath}/devices/${persistentId}/${action}`,
  };
}
