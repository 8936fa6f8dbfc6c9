export { findCoopIdBySlug, listCoops } from './queries.ts';
export { coopsRoutes } from './routes.ts';
