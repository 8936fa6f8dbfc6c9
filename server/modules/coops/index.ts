export {
  type CoopAccess,
  type CoopRole,
  type CoopRow,
  coopAccess,
  findCoopBySlug,
  loadCoopAccess,
  loadCoopScope,
  requireCoop,
} from './access.ts';
export {
  appendConstitutionVersion,
  listConstitutionVersions,
  type Policy,
  type PolicyHead,
  policyAt,
  policyOf,
  toVersionView,
  verifyConstitutionChain,
} from './constitution.ts';
export { authorize, type CoopAction, can } from './policies.ts';
export { getCoopProfile } from './profile.ts';
export { findCoopIdBySlug, listCoops, memberCountsByClass } from './queries.ts';
export { coopsRoutes } from './routes.ts';
export { type Sector, sectors, templateConstitution } from './templates.ts';
