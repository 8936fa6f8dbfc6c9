import { z } from 'zod';
import type { ConstitutionDocument } from '../../../contracts/constitution.ts';
import {
  type ConstitutionVersionView,
  type CoopProfile,
  constitutionVersionList,
  constitutionVersionView,
  coopProfile,
  type FoundCoopInput,
  templateList,
} from '../../../contracts/coops.ts';
import {
  type ApplicationView,
  applicationList,
  applicationStatus,
  type MemberView,
  type MyMembership,
  myMembership,
  type RegisterEntry,
  register,
} from '../../../contracts/members.ts';
import { parseBody, request } from './api.ts';

// The co-op and membership calls of the web app; every answer is checked against its contract.

export type {
  ApplicationView,
  ConstitutionDocument,
  ConstitutionVersionView,
  CoopProfile,
  MemberView,
  MyMembership,
  RegisterEntry,
};
export type ApplicationStatus = z.infer<typeof applicationStatus>;
export type ConstitutionVersionList = z.infer<typeof constitutionVersionList>;
export type SectorTemplate = z.infer<typeof templateList>['templates'][number];

const path = (slug: string, rest = '') => `/api/coops/${encodeURIComponent(slug)}${rest}`;

export async function getCoop(slug: string): Promise<CoopProfile> {
  return parseBody(await request('GET', path(slug)), coopProfile);
}

export async function getConstitution(slug: string, version?: number): Promise<ConstitutionVersionView> {
  const query = version === undefined ? '' : `?version=${version}`;
  return parseBody(await request('GET', path(slug, `/constitution${query}`)), constitutionVersionView);
}

export async function listConstitutionVersions(slug: string): Promise<ConstitutionVersionList> {
  return parseBody(await request('GET', path(slug, '/constitution/versions')), constitutionVersionList);
}

export async function listTemplates(currency: string): Promise<SectorTemplate[]> {
  const response = await request('GET', `/api/templates?currency=${encodeURIComponent(currency)}`);
  return (await parseBody(response, templateList)).templates;
}

const availability = z.object({ available: z.boolean(), reason: z.string().nullable() });

export async function checkSlug(slug: string): Promise<{ available: boolean; reason: string | null }> {
  return parseBody(await request('GET', path(slug, '/available')), availability);
}

export async function foundCoop(input: FoundCoopInput): Promise<{ coopId: string; slug: string }> {
  const response = await request('POST', '/api/coops', input);
  return parseBody(response, z.object({ coopId: z.string(), slug: z.string() }));
}

export async function applyToCoop(
  slug: string,
  input: { classKey: string; statement: string; agreedVersion: number },
): Promise<{ applicationId: string; status: ApplicationStatus }> {
  const response = await request('POST', path(slug, '/applications'), input);
  return parseBody(response, z.object({ applicationId: z.string(), status: applicationStatus }));
}

export async function getMyMembership(slug: string): Promise<MyMembership> {
  return parseBody(await request('GET', path(slug, '/me')), myMembership);
}

export async function giveNotice(slug: string): Promise<{ leavesAt: string }> {
  return parseBody(await request('POST', path(slug, '/me/notice')), z.object({ leavesAt: z.string() }));
}

export async function listApplications(slug: string, status?: ApplicationStatus): Promise<ApplicationView[]> {
  const query = status ? `?status=${status}` : '';
  return (await parseBody(await request('GET', path(slug, `/applications${query}`)), applicationList))
    .applications;
}

export async function recordSharePayment(
  slug: string,
  applicationId: string,
  reference: string,
): Promise<{ status: ApplicationStatus; alreadyRecorded: boolean }> {
  const response = await request('POST', path(slug, `/applications/${applicationId}/payment`), { reference });
  return parseBody(response, z.object({ status: applicationStatus, alreadyRecorded: z.boolean() }));
}

export async function decideAdmission(
  slug: string,
  applicationId: string,
  input: { decision: 'admit' | 'decline'; reason: string },
): Promise<void> {
  await request('POST', path(slug, `/applications/${applicationId}/decision`), input);
}

/** The register, each current member with the roles they hold (board, admin, committee seats). */
export async function getRegister(slug: string): Promise<RegisterEntry[]> {
  return (await parseBody(await request('GET', path(slug, '/members')), register)).members;
}

/** Addresses the browser downloads directly (the session cookie goes with them). */
export const downloads = {
  register: (slug: string) => path(slug, '/members.csv'),
};
