/**
 * Every POST route of an assembled app, in one place, read from the app
 * itself so that a new route is fuzzed without anyone listing it: Express's
 * router stack gives twofold's routes and the host's own; the admin answers
 * every path under its mount point from one handler, so its POST routes are
 * the one list kept here.
 */
import type { Express } from 'express';

/** A route to fuzz: its path, and how to build a concrete URL for it. */
export interface PostRoute {
  readonly path: string;
}

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
  readonly rawPath?: string;
}

/** The admin's POST routes under its mount point; `{device}` is a device's persistent id. */
export const ADMIN_POST_ROUTES: readonly string[] = [
  '/devices',
  '/backup-codes',
  '/devices/{device}/confirm',
  '/devices/{device}/rename',
  '/devices/{device}/reset-throttle',
  '/devices/{device}/delete',
];

function join(prefix: string, path: string): string {
  const base = prefix === '/' ? '' : prefix.replace(/\/$/, '');
  return `${base}${path}` || '/';
}

/** The POST routes Express knows, with their mount prefixes (routers mounted with `app.use(path, router)`). */
export function expressPostRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: readonly Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        if (layer.route.methods.post === true) found.push(join(prefix, layer.route.path));
      } else if (layer.handle?.stack !== undefined) {
        walk(layer.handle.stack, join(prefix, layer.rawPath ?? ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: readonly Layer[] } }).router.stack, '');
  return found;
}

/** Every POST route of the demo-style app: Express's, then the admin's under `adminMount`. */
export function allPostRoutes(app: Express, adminMount: string): string[] {
  return [...new Set([...expressPostRoutes(app), ...ADMIN_POST_ROUTES.map((path) => join(adminMount, path))])];
}
