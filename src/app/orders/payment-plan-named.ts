// Owns which payment plan a typed word names: the plan's closeloop.yaml name or its label in either language ("30/60/10
// 分期" → 30-60-10); an unknown one is refused listing the plans as the reader types them.
import { type DomainError, inEachLanguage, invalid } from '../../domain/errors.ts';
import { nameOfLabel, typedNames } from '../../domain/labels.ts';
import { own } from '../../domain/own.ts';
import type { AppDeps } from '../deps.ts';

export function paymentPlanNamed(deps: AppDeps, typed: string, field = 'paymentPlan'): string {
  const name = nameOfLabel(deps.policy.labels.book, 'paymentPlans', typed.trim());
  if (!own(deps.policy.paymentPlans, name)) throw unknownPaymentPlan(deps, typed, field);
  return name;
}

export function unknownPaymentPlan(deps: AppDeps, plan: string, field = 'paymentPlan'): DomainError {
  const plans = Object.keys(deps.policy.paymentPlans);
  return invalid('order_unknown_plan', field, {
    plan,
    ...inEachLanguage('valid', (locale) =>
      typedNames(deps.policy.labels.book, 'paymentPlans', plans, locale).join(
        locale === 'zh-CN' ? '、' : ', ',
      ),
    ),
  });
}
