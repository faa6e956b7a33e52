export * from './gateway.ts';
export type { Exchange, GatewayAnswer, GatewayStage } from './pipeline.ts';
export type { GatewayRoute, RouteMatch, RouteTable } from './routes.ts';
export { compileRoutes } from './routes.ts';
export type { CorsOptions } from './stages/cors.ts';
