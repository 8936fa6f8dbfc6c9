import type { FoundCoopInput } from '../../contracts/coops.ts';
import type { Context } from '../context.ts';
import { findAccountByEmail, signUp } from '../modules/accounts/index.ts';
import { findCoopIdBySlug, policyAt } from '../modules/coops/index.ts';
import {
  applyForMembership,
  decideAdmission,
  foundCoop,
  grantRole,
  recordSharePayment,
} from '../modules/members/index.ts';

export const DEMO_PASSWORD = 'demo-password-not-secret';

type DemoCoop = {
  input: FoundCoopInput;
  founder: string;
  board: string;
  members: [name: string, classKey: string][];
};

// Every person here is fictional; emails use the reserved .example domain so nothing is ever sent.
const demoCoops: DemoCoop[] = [
  {
    input: {
      slug: 'demo-childcare',
      name: 'Little Steps Care Co-op (demo)',
      mission: 'Childminders and families sharing a fair, trusted care service.',
      sector: 'childcare',
      currency: 'EUR',
      timeZone: 'Europe/Lisbon',
      defaultLanguage: 'en',
    },
    founder: 'Ana Ferreira',
    board: 'Rui Matos',
    members: [
      ['Inês Costa', 'worker'],
      ['Tiago Nunes', 'worker'],
      ['Marta Lopes', 'customer'],
      ['Paulo Sousa', 'customer'],
      ['Joana Reis', 'customer'],
      ['Clara Pinto', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-home-services',
      name: 'Brightwork Home Services (demo)',
      mission: 'Cleaners, handypeople and gardeners who own their platform.',
      sector: 'home-services',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      defaultLanguage: 'es',
    },
    founder: 'Lucía Romero',
    board: 'Diego Navarro',
    members: [
      ['Sofía Herrera', 'worker'],
      ['Mateo Castillo', 'worker'],
      ['Valeria Ortega', 'worker'],
      ['Hugo Delgado', 'customer'],
      ['Elena Vidal', 'customer'],
      ['Marco Ruiz', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-recycling',
      name: 'Circuit Urban Recycling (demo)',
      mission: 'Waste pickers and neighbours running the city’s pickups together.',
      sector: 'urban-recycling',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      defaultLanguage: 'fr',
    },
    founder: 'Amadou Diallo',
    board: 'Claire Martin',
    members: [
      ['Yanis Benali', 'worker'],
      ['Léa Dubois', 'worker'],
      ['Nadia Haddad', 'customer'],
      ['Louis Girard', 'customer'],
      ['Camille Roux', 'supporter'],
    ],
  },
  {
    input: {
      slug: 'demo-data-entry',
      name: 'Keystroke Data Co-op (demo)',
      mission: 'Remote data-entry workers sharing batches fairly and owning the surplus.',
      sector: 'data-entry',
      currency: 'USD',
      timeZone: 'America/Chicago',
      defaultLanguage: 'en',
    },
    founder: 'Grace Okafor',
    board: 'Sam Patel',
    members: [
      ['Priya Raman', 'worker'],
      ['Jordan Lee', 'worker'],
      ['Miguel Santos', 'worker'],
      ['Northwind Archive Ltd', 'customer'],
      ['Riverside Library', 'customer'],
      ['Ada Mensah', 'supporter'],
    ],
  },
];

function demoEmail(name: string, slug: string): string {
  return `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.')}@${slug}.example`;
}

async function demoAccount(ctx: Context, name: string, slug: string) {
  const email = demoEmail(name, slug);
  const existing = await findAccountByEmail(ctx.db, email);
  if (existing) return { kind: 'account' as const, accountId: existing.id, isOperator: false };
  const { account } = await signUp(
    ctx,
    { kind: 'anonymous' },
    { email, displayName: name, password: DEMO_PASSWORD },
  );
  return { kind: 'account' as const, accountId: account.id, isOperator: false };
}

/** Seeds the demo co-ops; skips any that already exist, so it can run again safely. */
export async function seedDemo(ctx: Context, log: (line: string) => void): Promise<void> {
  for (const demo of demoCoops) {
    const slug = demo.input.slug;
    if (await findCoopIdBySlug(ctx.db, slug)) {
      log(`${slug}: already there, skipped`);
      continue;
    }
    const founder = await demoAccount(ctx, demo.founder, slug);
    await foundCoop(ctx, founder, demo.input);
    const coopId = (await findCoopIdBySlug(ctx.db, slug))!;
    const policy = await policyAt(ctx.db, coopId, ctx.clock());
    const join = async (name: string, classKey: string) => {
      const person = await demoAccount(ctx, name, slug);
      const { applicationId, status } = await applyForMembership(ctx, person, slug, {
        classKey,
        statement: 'Demo member.',
        agreedVersion: policy.version,
      });
      let now = status;
      if (now === 'awaiting_payment') {
        now = (
          await recordSharePayment(ctx, founder, slug, applicationId, {
            reference: `DEMO-${applicationId.slice(0, 8)}`,
          })
        ).status;
      }
      if (now === 'awaiting_admission') {
        await decideAdmission(ctx, founder, slug, applicationId, {
          decision: 'admit',
          reason: 'Welcome to the demo co-op.',
        });
      }
      return person;
    };
    const board = await join(demo.board, 'worker');
    await ctx.db.transaction((tx) =>
      grantRole(tx, ctx, {
        coopId,
        accountId: board.accountId,
        role: 'board',
        origin: 'founding',
        actorId: founder.accountId,
      }),
    );
    for (const [name, classKey] of demo.members) await join(name, classKey);
    log(
      `${slug}: founded with ${demo.members.length + 2} members (founder ${demoEmail(demo.founder, slug)})`,
    );
  }
  log(`demo accounts sign in with the password "${DEMO_PASSWORD}"`);
}
