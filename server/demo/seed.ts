import type { FoundCoopInput } from '../../contracts/coops.ts';
import type { Context } from '../context.ts';
import { uuidv7 } from '../lib/ids.ts';
import { findAccountByEmail, signUp } from '../modules/accounts/index.ts';
import { findCoopIdBySlug, policyAt } from '../modules/coops/index.ts';
import {
  addOption,
  castBallot,
  closeDueVotes,
  createProposal,
  openDueVotes,
  secondProposal,
  submitProposal,
} from '../modules/governance/index.ts';
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

/** The co-op whose demo has a governance history: it is founded three weeks back and lives to now. */
export const GOVERNANCE_DEMO = 'demo-home-services';
const HISTORY_DAYS = 21;
const DAY_MS = 86_400_000;

type Actor = Awaited<ReturnType<typeof demoAccount>>;

/** A context whose clock starts in the past and is moved forward by the seed, never beyond now. */
function history(ctx: Context, days: number) {
  const end = ctx.clock().getTime();
  let t = end - days * DAY_MS;
  const past: Context = { ...ctx, clock: () => new Date(t), newId: () => uuidv7(t) };
  return {
    ctx: past,
    at: () => new Date(t),
    end,
    advanceTo: (when: Date | string) => {
      t = Math.min(Math.max(t, new Date(when).getTime()), end);
    },
    advance: (ms: number) => {
      t = Math.min(t + ms, end);
    },
  };
}

/**
 * Three weeks of democracy in the home-services demo: a fee cut from 8% to 7% decided by secret
 * ballot and in force since, a resolution open for voting now, and a board election in discussion.
 */
async function seedGovernance(
  h: ReturnType<typeof history>,
  slug: string,
  people: Record<string, Actor>,
): Promise<void> {
  const ctx = h.ctx;
  const p = (name: string) => people[name]!;
  h.advance(3_600_000);
  const fee = await createProposal(ctx, p('Sofía Herrera'), slug, {
    kind: 'policy',
    title: 'Lower the platform fee to 7%',
    body: 'Card fees fell this year. A 7% fee still covers the platform, and workers keep more of each booking.',
    changes: { market: { platformFeeBps: 700 } },
  });
  await submitProposal(ctx, p('Sofía Herrera'), slug, fee.id);
  await secondProposal(ctx, p('Mateo Castillo'), slug, fee.id);
  const discussed = await secondProposal(ctx, p('Hugo Delgado'), slug, fee.id);
  h.advanceTo(discussed.votingOpensAt!);
  await openDueVotes(ctx);
  const votes: [string, string][] = [
    ['Lucía Romero', 'yes'],
    ['Diego Navarro', 'yes'],
    ['Sofía Herrera', 'yes'],
    ['Mateo Castillo', 'yes'],
    ['Valeria Ortega', 'no'],
    ['Hugo Delgado', 'yes'],
    ['Elena Vidal', 'no'],
  ];
  for (const [name, choice] of votes) {
    h.advance(3 * 3_600_000);
    await castBallot(ctx, p(name), slug, fee.id, { ballot: { choice } });
  }
  h.advanceTo(discussed.votingClosesAt!);
  await closeDueVotes(ctx);

  h.advance(DAY_MS);
  const tools = await createProposal(ctx, p('Valeria Ortega'), slug, {
    kind: 'resolution',
    title: 'Start a shared tool library for members',
    body: 'Buy a set of professional garden and repair tools that worker members can borrow for jobs.',
    votingClosesAt: new Date(h.at().getTime() + 14 * DAY_MS).toISOString(),
  });
  await submitProposal(ctx, p('Valeria Ortega'), slug, tools.id);
  const toolsOpen = await secondProposal(ctx, p('Elena Vidal'), slug, tools.id);
  h.advanceTo(toolsOpen.votingOpensAt!);
  await openDueVotes(ctx);
  for (const [name, choice] of [
    ['Valeria Ortega', 'yes'],
    ['Mateo Castillo', 'yes'],
    ['Elena Vidal', 'abstain'],
  ] as const) {
    h.advance(2 * 3_600_000);
    await castBallot(ctx, p(name), slug, tools.id, { ballot: { choice } });
  }

  // The election is drafted a day before now, so its discussion is still running.
  h.advanceTo(new Date(h.end - DAY_MS));
  const board = await createProposal(ctx, p('Diego Navarro'), slug, {
    kind: 'election',
    title: 'Board election 2026',
    body: 'Two seats for two years. Stand yourself from the proposal page.',
    role: 'board',
    seats: 2,
    termMonths: 24,
    candidates: [p('Diego Navarro').accountId],
  });
  await submitProposal(ctx, p('Diego Navarro'), slug, board.id);
  await secondProposal(ctx, p('Sofía Herrera'), slug, board.id);
  await addOption(ctx, p('Sofía Herrera'), slug, board.id, { description: 'Ten years of cleaning jobs.' });
  await addOption(ctx, p('Hugo Delgado'), slug, board.id, {
    description: 'A customer’s voice on the board.',
  });
}

/** Seeds the demo co-ops; skips any that already exist, so it can run again safely. */
export async function seedDemo(realCtx: Context, log: (line: string) => void): Promise<void> {
  for (const demo of demoCoops) {
    const slug = demo.input.slug;
    if (await findCoopIdBySlug(realCtx.db, slug)) {
      log(`${slug}: already there, skipped`);
      continue;
    }
    const past = slug === GOVERNANCE_DEMO ? history(realCtx, HISTORY_DAYS) : null;
    const ctx = past?.ctx ?? realCtx;
    const people: Record<string, Actor> = {};
    const founder = await demoAccount(ctx, demo.founder, slug);
    people[demo.founder] = founder;
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
      people[name] = person;
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
    if (past) {
      await seedGovernance(past, slug, people);
      log(
        `${slug}: a fee cut decided by secret ballot, a resolution open for voting, a board election in discussion`,
      );
    }
    log(
      `${slug}: founded with ${demo.members.length + 2} members (founder ${demoEmail(demo.founder, slug)})`,
    );
  }
  log(`demo accounts sign in with the password "${DEMO_PASSWORD}"`);
}
