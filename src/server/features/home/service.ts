/**
 * The app's home screen in one request: the licence summary, the vehicles with their
 * unhandled records, the citizen's unhandled total and unread messages. Every number comes
 * from the feature that owns its rule (licences, vehicles, violations, messages), so the
 * home screen says exactly what the separate screens say; this feature only reads the
 * account and its registry person once and runs the parts side by side.
 */
import type { AppContext } from '../../context.ts';
import type { Language } from '../../../i18n/languages.ts';
import { shanghaiDate } from '../../../domain/dates.ts';
import { ChangeTags } from '../../platform/change-tags.ts';
import { bindingView, licenceBindingOf, requireActiveAccount, type LicenceBinding } from '../licences/service.ts';
import { countUnread } from '../messages/service.ts';
import { findPersonByDocument } from '../registry/service.ts';
import { vehicleViews, vehiclesOfActiveAccount, type VehicleView } from '../vehicles/service.ts';
import { countUnhandledOf } from '../violations/service.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { homeSchema, type HomeAnswer } from './schemas.ts';

const homeKey = (ctx: AppContext, accountId: string, lang: Language) => `home:${accountId}:${lang}:${shanghaiDate(ctx.clock.now())}`;

/** The body `homeBody` would give if it is in the read cache now, without a promise; else undefined. */
export function cachedHomeBody(ctx: AppContext, accountId: string, lang: Language): Buffer | undefined {
  return ctx.readCache.peek<Buffer>(homeKey(ctx, accountId, lang));
}

/**
 * The home screen's JSON body, from the read cache when nothing it read has changed since:
 * kept per account, language and Shanghai day (points cycles, probation, renewal and
 * inspection warnings move with the date), dropped by the change notifications of its rows.
 */
export function homeBody(ctx: AppContext, accountId: string, lang: Language): Promise<Buffer> {
  return ctx.readCache.get(homeKey(ctx, accountId, lang), async () => {
    const { value, tags } = await computeHome(ctx, accountId, lang);
    return { value: jsonBody(homeSchema, value), tags };
  });
}

/**
 * The home screen read from the database, with the tags of everything it read: the account
 * (messages, filings, decisions), its registry person (licence, points, owned vehicles,
 * rentals) and every plate whose records it counted (owned, filed, rented).
 */
export async function computeHome(ctx: AppContext, accountId: string, lang: Language): Promise<{ value: HomeAnswer; tags: string[] }> {
  const tags = new ChangeTags().account(accountId);
  const account = await requireActiveAccount(ctx.db, accountId);
  const person = await findPersonByDocument(ctx.db, { docType: account.docType, docNumber: account.docNumber });
  tags.person(person?.personId);
  // Outside a transaction both drivers take concurrent queries (PGlite queues them itself).
  const vehicles = vehiclesOfActiveAccount(ctx, account, person?.personId ?? null, ctx.db, tags);
  const [binding, views, unhandledViolations, unreadMessages] = await Promise.all([
    licenceBindingOf(ctx, account, person),
    vehicles.then((v) => vehicleViews(ctx, v, lang)),
    vehicles.then((v) => countUnhandledOf(ctx, { accountId: account.id, person, tags }, { vehicles: v })),
    countUnread(ctx.db, account.id),
  ]);
  return { value: homeAnswer(binding, views, unhandledViolations, unreadMessages, lang), tags: tags.list() };
}

function homeAnswer(
  binding: LicenceBinding,
  views: VehicleView[],
  unhandledViolations: number,
  unreadMessages: number,
  lang: Language,
): HomeAnswer {
  const answer = bindingView(binding, lang);
  return {
    licence: answer.bound
      ? {
          numberMasked: answer.licence.numberMasked,
          class: answer.licence.class,
          status: answer.licence.status,
          statusText: answer.licence.statusText,
          validTo: answer.licence.validTo,
          points: answer.licence.points.total,
          cycleStart: answer.licence.points.cycleStart,
          cycleEnd: answer.licence.points.cycleEnd,
          inProbation: answer.licence.probation.inProbation,
          renewalNotice: answer.licence.renewal?.notice ?? null,
        }
      : null,
    licenceUnbound: answer.bound
      ? null
      : { reason: answer.reason, hint: answer.hint, ...(answer.licenceDocument ? { licenceDocument: answer.licenceDocument } : {}) },
    vehicles: views.map((v) => ({
      id: v.id,
      plate: v.plate,
      plateType: v.plateType,
      plateTypeText: v.plateTypeText,
      scheme: v.scheme,
      relation: v.relation,
      unhandledViolations: v.unhandledViolations,
    })),
    unhandledViolations,
    unreadMessages,
  };
}
