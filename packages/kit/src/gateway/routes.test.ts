import { describe, expect, it } from 'vitest';
import type { GatewayRoute, RouteMatch } from './route.ts';
import { compileRoutes } from './routes.ts';

const serviceOf = (match: RouteMatch) => (match.kind === 'found' ? match.route.service : match.kind);

describe('gateway route table', () => {
  const table = compileRoutes([
    { method: 'POST', path: '/orders', service: 'order-write' },
    { method: 'GET', path: '/orders/:id', service: 'order-read' },
    { method: 'GET', path: '/orders/new', service: 'order-form' },
    { method: '*', path: '/orders/**', service: 'order-any' },
    { method: ['GET', 'PUT'], path: '/menus/:menuId/items/:itemId', service: 'menu' },
    { method: 'GET', path: '/files/**', service: 'files' },
    { method: 'DELETE', path: '/files/**', service: 'files-admin' },
  ]);

  it('matches a literal path exactly', () => {
    expect(serviceOf(table.match('POST', '/orders'))).toBe('order-write');
  });

  it('captures named segments', () => {
    const match = table.match('GET', '/menus/7/items/chips');
    expect(match).toEqual({
      kind: 'found',
      route: expect.objectContaining({ service: 'menu' }),
      params: { menuId: '7', itemId: 'chips' },
    });
  });

  it("matches a '**' route on its prefix itself and on anything below it", () => {
    expect(serviceOf(table.match('GET', '/files'))).toBe('files');
    expect(serviceOf(table.match('GET', '/files/a'))).toBe('files');
    expect(serviceOf(table.match('GET', '/files/a/b/c.txt'))).toBe('files');
    expect(serviceOf(table.match('GET', '/filesystem'))).toBe('not-found');
  });

  it('prefers literal over parameter over wildcard', () => {
    expect(serviceOf(table.match('GET', '/orders/new'))).toBe('order-form');
    expect(serviceOf(table.match('GET', '/orders/42'))).toBe('order-read');
    expect(serviceOf(table.match('GET', '/orders/42/lines'))).toBe('order-any');
    expect(serviceOf(table.match('GET', '/orders'))).toBe('order-any');
  });

  it('picks among routes of the same shape by method', () => {
    expect(serviceOf(table.match('DELETE', '/files/x'))).toBe('files-admin');
    expect(serviceOf(table.match('GET', '/files/x'))).toBe('files');
  });

  it("prefers a route naming the method over a '*' route of the same shape", () => {
    const t = compileRoutes([
      { method: '*', path: '/a/**', service: 'any' },
      { method: 'POST', path: '/a/**', service: 'post' },
    ]);
    expect(serviceOf(t.match('POST', '/a/b'))).toBe('post');
    expect(serviceOf(t.match('PATCH', '/a/b'))).toBe('any');
  });

  it('answers HEAD with a GET route', () => {
    expect(serviceOf(table.match('HEAD', '/orders/42'))).toBe('order-read');
  });

  it('says which methods are allowed when the path is known but the method is not', () => {
    expect(table.match('DELETE', '/menus/1/items/2')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'HEAD', 'PUT'],
    });
    expect(table.match('POST', '/files/x')).toEqual({ kind: 'method-not-allowed', allow: ['DELETE', 'GET', 'HEAD'] });
  });

  it('answers not-found for unknown paths, empty parameters and trailing slashes on exact routes', () => {
    expect(table.match('GET', '/nope').kind).toBe('not-found');
    expect(table.match('GET', '/menus//items/2').kind).toBe('not-found');
    expect(table.match('GET', '/menus/1/items/2/').kind).toBe('not-found');
    expect(compileRoutes([{ method: 'GET', path: '/a', service: 's' }]).match('GET', '/a/').kind).toBe('not-found');
  });

  it('compares percent-decoded segments, and refuses malformed encoding', () => {
    expect(serviceOf(table.match('POST', '/%6Frders'))).toBe('order-write');
    const match = table.match('GET', '/orders/a%20b');
    expect(match.kind === 'found' && match.params).toEqual({ id: 'a b' });
    expect(table.match('GET', '/orders/%zz').kind).toBe('not-found');
  });

  it('never binds an empty segment to a parameter: a less specific route answers instead', () => {
    expect(serviceOf(table.match('GET', '/orders/'))).toBe('order-any');
    expect(serviceOf(table.match('GET', '/orders//lines'))).toBe('order-any');
    const t = compileRoutes([
      { method: 'GET', path: '/a/:x', service: 'x' },
      { method: 'GET', path: '/a/:x/**', service: 'below' },
    ]);
    expect(t.match('GET', '/a/1/b/c')).toEqual({
      kind: 'found',
      route: expect.objectContaining({ service: 'below' }),
      params: { x: '1' },
    });
    expect(t.match('GET', '/a//b').kind).toBe('not-found');
  });

  it('takes parameters of any length, and colons in literal segments literally', () => {
    const long = 'x'.repeat(500);
    const match = table.match('GET', `/orders/${long}`);
    expect(match.kind === 'found' && match.params).toEqual({ id: long });
    const t = compileRoutes([{ method: 'POST', path: '/v1/items:batch', service: 'batch' }]);
    expect(serviceOf(t.match('POST', '/v1/items:batch'))).toBe('batch');
    expect(t.match('POST', '/v1/items:other').kind).toBe('not-found');
  });

  it("lets a method no route names reach only the '*' routes", () => {
    expect(serviceOf(table.match('OPTIONS', '/orders/42'))).toBe('order-any');
    expect(table.match('OPTIONS', '/menus/1/items/2')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'HEAD', 'PUT'],
    });
    expect(serviceOf(table.match('NOT-A-METHOD', '/orders/42'))).toBe('order-any');
  });

  it('prefers a HEAD route over a GET one for HEAD', () => {
    const t = compileRoutes([
      { method: 'GET', path: '/a', service: 'get' },
      { method: 'HEAD', path: '/a', service: 'head' },
    ]);
    expect(serviceOf(t.match('HEAD', '/a'))).toBe('head');
    expect(serviceOf(t.match('GET', '/a'))).toBe('get');
  });

  it("routes only origin-form paths, and ends a path at '#'", () => {
    const t = compileRoutes([{ method: '*', path: '/**', service: 'all' }]);
    expect(serviceOf(t.match('GET', '/x'))).toBe('all');
    expect(t.match('GET', 'http://host/x').kind).toBe('not-found');
    expect(t.match('OPTIONS', '*').kind).toBe('not-found');
    expect(table.match('GET', '/orders/42#x')).toEqual({
      kind: 'found',
      route: expect.objectContaining({ service: 'order-read' }),
      params: { id: '42' },
    });
  });

  it.each<[string, GatewayRoute[], RegExp]>([
    ['a path without a leading slash', [{ method: 'GET', path: 'orders', service: 's' }], /must start with '\/'/],
    ['** in the middle', [{ method: 'GET', path: '/a/**/b', service: 's' }], /whole last segment/],
    ['a partial wildcard', [{ method: 'GET', path: '/a/b*', service: 's' }], /whole last segment/],
    ['a nameless parameter', [{ method: 'GET', path: '/a/:', service: 's' }], /not a valid parameter/],
    ['a repeated parameter', [{ method: 'GET', path: '/a/:x/:x', service: 's' }], /appears twice/],
    ['no method', [{ method: [], path: '/a', service: 's' }], /at least one method/],
    ['a query in the path', [{ method: 'GET', path: '/a?b=1', service: 's' }], /query/],
    ['a # in the path', [{ method: 'GET', path: '/a#b', service: 's' }], /'#'/],
    ['a method HTTP does not have', [{ method: 'FETCH', path: '/a', service: 's' }], /not an HTTP method/],
    [
      'two routes for the same method and shape',
      [
        { method: 'GET', path: '/a/:x', service: 's1' },
        { method: ['POST', 'GET'], path: '/a/:y', service: 's2' },
      ],
      /both answer GET/,
    ],
  ])('refuses a table with %s', (_what, routes, message) => {
    expect(() => compileRoutes(routes)).toThrow(message);
  });
});
