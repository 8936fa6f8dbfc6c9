import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '../../../contracts/errors.ts';
import {
  accountStatementView,
  balanceSheetQuery,
  balanceSheetView,
  cancelPayoutInput,
  chartView,
  entryDetailView,
  financesView,
  incomeStatementQuery,
  incomeStatementView,
  journalQuery,
  journalView,
  ledgerAccountView,
  openAccountInput,
  paymentList,
  paymentListQuery,
  paymentResult,
  paymentView,
  payoutPaidInput,
  periodQuery,
  personalStatementView,
  postEntryInput,
  postResult,
  recordPaymentInput,
  requestPayoutInput,
  reverseEntryInput,
  trialBalanceView,
} from '../../../contracts/ledger.ts';
import type { Context } from '../../context.ts';
import type { App } from '../../http/types.ts';
import {
  cancelManualPayout,
  closeLedgerAccount,
  markManualPayoutPaid,
  openLedgerAccount,
  postManualEntry,
  recordManualPayment,
  requestManualPayout,
  reverseLedgerEntry,
} from './manage.ts';
import {
  exportJournal,
  statementAsCsv,
  viewAccountStatement,
  viewBalanceSheet,
  viewChart,
  viewEntry,
  viewFinances,
  viewIncomeStatement,
  viewJournal,
  viewOwnStatement,
  viewPayment,
  viewPayments,
  viewTrialBalance,
} from './reports.ts';

const slug = z.string().max(60).describe('URL name of the co-op');
const slugParams = z.object({ slug });
const codeParams = z.object({ slug, code: z.string().max(32).describe('Account code') });
const entryParams = z.object({ slug, entryId: z.string().uuid().describe('Journal entry id') });
const paymentParams = z.object({ slug, paymentId: z.string().uuid().describe('Payment id') });

export async function ledgerRoutes(app: App, ctx: Context): Promise<void> {
  const tags = ['ledger'];

  app.get(
    '/api/coops/:slug/finances',
    {
      schema: {
        tags: ['open data'],
        summary:
          'The co-op’s finances by month: income statement and balance sheet totals (public, no personal data)',
        params: slugParams,
        querystring: periodQuery,
        response: { 200: financesView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await viewFinances(ctx, request.params.slug, request.query);
      return reply.header('cache-control', 'public, max-age=300').send(view);
    },
  );

  app.get(
    '/api/coops/:slug/me/statement',
    {
      schema: {
        tags,
        summary: 'My own statement in this co-op: share capital and earnings, with running balance',
        params: slugParams,
        querystring: periodQuery,
        response: { 200: personalStatementView, ...errorResponses },
      },
    },
    async (request) => viewOwnStatement(ctx, request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/coops/:slug/me/statement.csv',
    {
      schema: {
        tags,
        summary: 'My own statement as CSV',
        params: slugParams,
        querystring: periodQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const statement = await viewOwnStatement(ctx, request.actor, request.params.slug, request.query);
      return sendCsv(reply, `${request.params.slug}-my-statement.csv`, statementAsCsv(statement));
    },
  );

  app.get(
    '/api/coops/:slug/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Chart of accounts with balances (board, admins)',
        params: slugParams,
        response: { 200: chartView, ...errorResponses },
      },
    },
    async (request) => viewChart(ctx, request.actor, request.params.slug),
  );

  app.post(
    '/api/coops/:slug/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Add an account to the chart (board, admins)',
        params: slugParams,
        body: openAccountInput,
        response: { 201: ledgerAccountView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await openLedgerAccount(ctx, request.actor, request.params.slug, request.body)),
  );

  app.post(
    '/api/coops/:slug/ledger/accounts/:code/close',
    {
      schema: {
        tags,
        summary: 'Close an account with a zero balance; nothing can be posted to it afterwards',
        params: codeParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await closeLedgerAccount(ctx, request.actor, request.params.slug, request.params.code);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/coops/:slug/ledger/accounts/:code/statement',
    {
      schema: {
        tags,
        summary: 'Statement of one account for a period, with running balance',
        params: codeParams,
        querystring: periodQuery,
        response: { 200: accountStatementView, ...errorResponses },
      },
    },
    async (request) =>
      viewAccountStatement(ctx, request.actor, request.params.slug, request.params.code, request.query),
  );

  app.get(
    '/api/coops/:slug/ledger/accounts/:code/statement.csv',
    {
      schema: {
        tags,
        summary: 'Statement of one account as CSV',
        params: codeParams,
        querystring: periodQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { slug: coop, code } = request.params;
      const statement = await viewAccountStatement(ctx, request.actor, coop, code, request.query);
      return sendCsv(reply, `${coop}-account-${code}.csv`, statementAsCsv(statement));
    },
  );

  app.get(
    '/api/coops/:slug/ledger/entries',
    {
      schema: {
        tags,
        summary: 'The journal, newest first, with filters',
        params: slugParams,
        querystring: journalQuery,
        response: { 200: journalView, ...errorResponses },
      },
    },
    async (request) => viewJournal(ctx, request.actor, request.params.slug, request.query),
  );

  app.post(
    '/api/coops/:slug/ledger/entries',
    {
      schema: {
        tags,
        summary: 'Post an entry by hand (adjustment, expense, opening balances, …)',
        params: slugParams,
        body: postEntryInput,
        response: { 200: postResult, 201: postResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await postManualEntry(ctx, request.actor, request.params.slug, request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/coops/:slug/ledger/entries/:entryId',
    {
      schema: {
        tags,
        summary: 'One entry with its postings, linked object and payment',
        params: entryParams,
        response: { 200: entryDetailView, ...errorResponses },
      },
    },
    async (request) => viewEntry(ctx, request.actor, request.params.slug, request.params.entryId),
  );

  app.post(
    '/api/coops/:slug/ledger/entries/:entryId/reversal',
    {
      schema: {
        tags,
        summary: 'Reverse an entry: post its mirror image, linked to it (entries are never changed)',
        params: entryParams,
        body: reverseEntryInput,
        response: { 200: postResult, 201: postResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { slug: coop, entryId } = request.params;
      const result = await reverseLedgerEntry(ctx, request.actor, coop, entryId, request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/coops/:slug/ledger/trial-balance',
    {
      schema: {
        tags,
        summary: 'Trial balance for a period',
        params: slugParams,
        querystring: periodQuery,
        response: { 200: trialBalanceView, ...errorResponses },
      },
    },
    async (request) => viewTrialBalance(ctx, request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/coops/:slug/ledger/balance-sheet',
    {
      schema: {
        tags,
        summary: 'Balance sheet at the end of a day',
        params: slugParams,
        querystring: balanceSheetQuery,
        response: { 200: balanceSheetView, ...errorResponses },
      },
    },
    async (request) => viewBalanceSheet(ctx, request.actor, request.params.slug, request.query),
  );

  app.get(
    '/api/coops/:slug/ledger/income-statement',
    {
      schema: {
        tags,
        summary: 'Income statement for a period',
        params: slugParams,
        querystring: incomeStatementQuery,
        response: { 200: incomeStatementView, ...errorResponses },
      },
    },
    async (request) => viewIncomeStatement(ctx, request.actor, request.params.slug, request.query),
  );

  for (const format of ['csv', 'hledger'] as const) {
    app.get(
      `/api/coops/:slug/ledger/journal.${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'csv'
              ? 'The journal of a period as CSV, one row per posting'
              : 'The journal of a period as an hledger journal (plain text accounting)',
          params: slugParams,
          querystring: periodQuery,
          produces: [format === 'csv' ? 'text/csv' : 'text/plain'],
        },
      },
      async (request, reply) => {
        const file = await exportJournal(ctx, request.actor, request.params.slug, format, request.query);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );
  }

  app.get(
    '/api/coops/:slug/ledger/payments',
    {
      schema: {
        tags,
        summary: 'Payments received and payouts (board, admins)',
        params: slugParams,
        querystring: paymentListQuery,
        response: { 200: paymentList, ...errorResponses },
      },
    },
    async (request) => ({
      payments: await viewPayments(ctx, request.actor, request.params.slug, request.query),
    }),
  );

  app.get(
    '/api/coops/:slug/ledger/payments/:paymentId',
    {
      schema: {
        tags,
        summary: 'One payment or payout',
        params: paymentParams,
        response: { 200: paymentView, ...errorResponses },
      },
    },
    async (request) => viewPayment(ctx, request.actor, request.params.slug, request.params.paymentId),
  );

  app.post(
    '/api/coops/:slug/ledger/payments',
    {
      schema: {
        tags,
        summary: 'Record money received by bank transfer or cash (manual provider)',
        params: slugParams,
        body: recordPaymentInput,
        response: { 200: paymentResult, 201: paymentResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await recordManualPayment(ctx, request.actor, request.params.slug, request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/coops/:slug/ledger/payouts',
    {
      schema: {
        tags,
        summary: 'Queue a payout of money the co-op owes (posted when marked paid)',
        params: slugParams,
        body: requestPayoutInput,
        response: { 200: paymentResult, 201: paymentResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await requestManualPayout(ctx, request.actor, request.params.slug, request.body);
      return reply.status(result.created ? 201 : 200).send({ ...result, entryId: null });
    },
  );

  app.post(
    '/api/coops/:slug/ledger/payouts/:paymentId/paid',
    {
      schema: {
        tags,
        summary: 'Mark a payout as paid with its bank reference; posts it',
        params: paymentParams,
        body: payoutPaidInput,
        response: { 200: paymentResult, 201: paymentResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { slug: coop, paymentId } = request.params;
      const result = await markManualPayoutPaid(ctx, request.actor, coop, paymentId, request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/coops/:slug/ledger/payouts/:paymentId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a payout that has not been paid',
        params: paymentParams,
        body: cancelPayoutInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { slug: coop, paymentId } = request.params;
      await cancelManualPayout(ctx, request.actor, coop, paymentId, request.body);
      return reply.status(204).send(null);
    },
  );
}

function sendCsv(reply: FastifyReply, filename: string, body: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
