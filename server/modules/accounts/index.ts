export { createOperator } from './operator.ts';
export { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
export { findAccountByEmail, findAccountById, toAccountView } from './queries.ts';
export { accountsRoutes } from './routes.ts';
export { resolveSession } from './sessions.ts';
export { signIn } from './sign-in.ts';
export { signUp } from './sign-up.ts';
