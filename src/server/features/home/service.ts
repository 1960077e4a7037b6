/**
 * The app's home screen in one request: the licence summary, the vehicles with their
 * unhandled records, the citizen's unhandled total and unread messages. Every number comes
 * from the feature that owns its rule (licences, vehicles, violations, messages), so the
 * home screen says exactly what the separate screens say; this feature only reads the
 * account and its registry person once and runs the parts side by side.
 */
import type { AppContext } from '../../context.ts';
import type { Language } from '../../../i18n/languages.ts';
import { bindingView, licenceBindingOf, requireActiveAccount } from '../licences/service.ts';
import { countUnread } from '../messages/service.ts';
import { findPersonByDocument } from '../registry/service.ts';
import { vehicleViews, vehiclesOfActiveAccount } from '../vehicles/service.ts';
import { countUnhandledOf } from '../violations/service.ts';
import type { HomeAnswer } from './schemas.ts';

export async function homeOf(ctx: AppContext, accountId: string, lang: Language): Promise<HomeAnswer> {
  const account = await requireActiveAccount(ctx.db, accountId);
  const person = await findPersonByDocument(ctx.db, { docType: account.docType, docNumber: account.docNumber });
  // Outside a transaction both drivers take concurrent queries (PGlite queues them itself).
  const vehicles = vehiclesOfActiveAccount(ctx, account, person?.personId ?? null);
  const [binding, views, unhandledViolations, unreadMessages] = await Promise.all([
    licenceBindingOf(ctx, account, person),
    vehicles.then((v) => vehicleViews(ctx, v, lang)),
    vehicles.then((v) => countUnhandledOf(ctx, { accountId: account.id, person }, { vehicles: v })),
    countUnread(ctx.db, account.id),
  ]);
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
