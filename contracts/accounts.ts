import { z } from 'zod';

export const email = z
  .string()
  .trim()
  .max(254)
  .email()
  .transform((value) => value.toLowerCase())
  .describe('Email address; compared case-insensitively');

export const password = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200)
  .describe('Password, 10 to 200 characters');

export const displayName = z.string().trim().min(1).max(80).describe('Name shown to others');

export const signUpInput = z.object({ email, displayName, password }).strict().describe('Create an account');

export const signInInput = z
  .object({ email, password: z.string().min(1).max(200).describe('Password') })
  .strict()
  .describe('Sign in with email and password');

export const passwordResetRequestInput = z
  .object({ email })
  .strict()
  .describe('Ask for a password reset email');

export const passwordResetConfirmInput = z
  .object({
    token: z.string().min(20).max(200).describe('Token from the reset email'),
    password,
  })
  .strict()
  .describe('Set a new password with a reset token');

export const accountView = z
  .object({
    id: z.string().uuid().describe('Account id'),
    email: z.string().describe('Email address'),
    displayName: z.string().describe('Name shown to others'),
    isOperator: z.boolean().describe('Whether this account operates the deployment'),
    createdAt: z.string().describe('ISO 8601 time the account was created'),
  })
  .describe('Account');

export const sessionView = z
  .object({
    account: accountView.nullable().describe('The signed-in account, or null'),
    csrfToken: z.string().describe('Send this in the x-csrf-token header of every write'),
  })
  .describe('Session');

export type SignUpInput = z.infer<typeof signUpInput>;
export type SignInInput = z.infer<typeof signInInput>;
export type AccountView = z.infer<typeof accountView>;
export type SessionView = z.infer<typeof sessionView>;
