export { admitMember, decideAdmission } from './admission.ts';
export { applyForMembership } from './apply.ts';
export {
  type ApplicationForVote,
  applicationsForVote,
  type CurrentMember,
  coopsWithApplicationsAwaitingVote,
  currentMembers,
  decideApplicationByVote,
  expiredRoleTerms,
  membershipForVote,
  roleHolders,
} from './by-vote.ts';
export { foundCoop } from './found-coop.ts';
export { expelMember, giveNotice, processDueLeavings } from './leave.ts';
export { myMembership } from './my-membership.ts';
export { exportRegisterCsv, viewApplications, viewRegister } from './register.ts';
export { grantRole, revokeRole } from './roles.ts';
export { membersRoutes } from './routes.ts';
export { admitAfterPayment, recordSharePayment } from './share-payment.ts';
