// The web app's pure helpers, checked without a browser: exact percentages and money, the readable
// diff between two constitution versions, the plain-language rules, slugs and the return address.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import type { ConstitutionDocument } from '../contracts/constitution.ts';
import { formatBasisPoints } from '../contracts/money.ts';
import { templateConstitution } from '../server/modules/coops/templates.ts';
import { describeChanges } from '../web/src/features/coops/constitution-diff.ts';
import { constitutionSections } from '../web/src/features/coops/constitution-text.ts';
import { suggestSlug } from '../web/src/features/coops/slug.ts';
import { transferReference } from '../web/src/features/coops/transfer-reference.ts';
import en from '../web/src/i18n/en.json' with { type: 'json' };
import fr from '../web/src/i18n/fr.json' with { type: 'json' };
import { money, percent } from '../web/src/lib/format.ts';
import { safeNextPath, withNext } from '../web/src/lib/next-path.ts';

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const t = i18n.getFixedT('en');
const tFr = i18n.getFixedT('fr');

describe('web helpers', () => {
  test('percentages are exact and agree with formatBasisPoints in English, for every basis point', () => {
    for (let bps = 0; bps <= 10_000; bps++) assert.equal(percent(bps, 'en'), formatBasisPoints(bps));
    assert.equal(percent(800, 'fr').replace(/\s/g, ' '), '8,00 %');
    assert.equal(percent(6667, 'es').replace(/\s/g, ' '), '66,67 %');
  });

  test('money is formatted from minor units in the reader’s language', () => {
    assert.equal(money('10000', 'EUR', 'en'), '100.00 EUR');
    assert.equal(money('123456789', 'EUR', 'fr').replace(/\s/g, ' '), '1 234 567,89 EUR');
    assert.equal(money('2000', 'JPY', 'en'), '2,000 JPY');
  });

  test('the diff names each changed field with its value before and after, money and rates formatted', () => {
    const before = templateConstitution('home-services', 'EUR');
    const after: ConstitutionDocument = structuredClone(before);
    after.market.platformFeeBps = 900;
    after.memberClasses[0]!.sharePrice = '12000';
    after.voting.decisions.ordinary.secret = true;
    after.membership.noticeDays = 60;
    after.market.categories.push({
      key: 'pet-care',
      name: 'Pet care',
      minHourlyRate: '1500',
      dispatched: false,
    });
    const changes = describeChanges(t, before, after, 'EUR', 'en').map(
      (c) => `${c.path}: ${c.before} → ${c.after}`,
    );
    assert.deepEqual(changes.sort(), [
      'market.categories[pet-care]: (none) → Pet care',
      'market.platformFeeBps: 8.00% → 9.00%',
      'memberClasses[worker].sharePrice: 100.00 EUR → 120.00 EUR',
      'membership.noticeDays: 90 → 60',
      'voting.decisions.ordinary.secret: no → yes',
    ]);
    assert.deepEqual(describeChanges(t, before, structuredClone(before), 'EUR', 'en'), []);
  });

  test('the constitution reads in plain language, in each language', () => {
    const doc = templateConstitution('home-services', 'EUR');
    const sentences = (translate: typeof t, locale: string) =>
      constitutionSections(translate, doc, 'EUR', locale).flatMap((s) => s.groups.flatMap((g) => g.items));
    const english = sentences(t, 'en');
    for (const sentence of [
      'The platform keeps 8.00% of each booking.',
      'The Worker class holds 60.00% of the vote.',
      'A share costs 100.00 EUR.',
      'Admitted automatically once the share is paid.',
      'A member who leaves gives 90 days of notice; their share is then paid back.',
      'A proposal needs 1 other member to second it.',
      'A proposal needs 3 other members to second it.',
      'Pay floor: no one earns less than 25.00 EUR an hour.',
      "Of each year's surplus, 30.00% goes to the reserve, 10.00% to the community fund and 60.00% back to members as patronage.",
    ]) {
      assert.ok(english.includes(sentence), `missing: ${sentence}`);
    }
    const french = sentences(tFr, 'fr').map((s) => s.replace(/\s/g, ' '));
    assert.ok(french.includes('La plateforme garde 8,00 % de chaque réservation.'));
    assert.ok(french.includes('Une part sociale coûte 100,00 EUR.'));
    // Every sentence was translated: none is a bare key.
    for (const sentence of [...english, ...french]) assert.doesNotMatch(sentence, /^rules\.|\{\{/);
  });

  test('a slug is suggested from the name, and the transfer reference is stable', () => {
    assert.equal(suggestSlug('Clean Sweep Coöp'), 'clean-sweep-coop');
    assert.equal(suggestSlug('  ¡Niños & Niñas!  '), 'ninos-ninas');
    assert.equal(suggestSlug('x'.repeat(60)).length, 40);
    assert.equal(
      transferReference('clean-sweep', '01a21880-0875-7868-9d20-d802d78b34eb'),
      'CLEAN-SWEEP-D78B34EB',
    );
  });

  test('after signing in, only addresses on this site are followed', () => {
    assert.equal(safeNextPath('/c/x/join'), '/c/x/join');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'c/x'])
      assert.equal(safeNextPath(bad), '/');
    assert.equal(withNext('/sign-in', '/c/x/join?a=1'), '/sign-in?next=%2Fc%2Fx%2Fjoin%3Fa%3D1');
    assert.equal(withNext('/sign-up', '/'), '/sign-up');
  });
});
