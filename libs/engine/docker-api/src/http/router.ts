import type { HttpMethod, Route, RouteHandler } from './api-types';

interface CompiledRoute {
  method: HttpMethod;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  { kind: 'found'; handler: RouteHandler; params: Record<string, string> } | { kind: 'not-found' };

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\*?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1] ?? '');
      return param[2] === '*' ? '(.+?)' : '([^/]+)';
    })
    .join('/');
  return {
    method: route.method,
    pattern: new RegExp(`^${source}/?$`),
    names,
    handler: route.handler,
  };
}

/** Matches method + path against the route table, in table order (specific routes first). */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map(compile);
  }

  match(method: string, path: string): RouteMatch {
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const candidate of wanted) {
      for (const route of this.routes) {
        if (route.method !== candidate) continue;
        const found = route.pattern.exec(path);
        if (!found) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => {
          params[name] = decodeURIComponent(found[i + 1] ?? '');
        });
        return { kind: 'found', handler: route.handler, params };
      }
    }
    return { kind: 'not-found' };
  }
}
