export type { TokenClaims } from '../auth/claims.ts';
export type { GatewayAuthConfig, GatewayConfig, GatewayLimits, GatewayProblem } from './config.ts';
export * from './gateway.ts';
export { openApiDocument } from './openapi.ts';
export type { AfterStage, Exchange, GatewayAnswer, GatewayStage } from './pipeline.ts';
export type { GatewayRoute, JSONSchema, RouteAuth, RouteCache, RouteMatch, RouteTable } from './route.ts';
export { compileRoutes } from './routes.ts';
export type { CorsOptions } from './stages/cors.ts';
export type { RequestSecurityOptions } from './stages/request-security.ts';
