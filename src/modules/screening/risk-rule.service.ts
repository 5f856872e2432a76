import type { HubContext } from '../../core/context';
import { doesCasework, Role, type Viewer } from '../../core/auth';
import { ForbiddenError } from '../../core/errors';
import { localId } from '../../core/relay';
import { failure, success, userError, UserErrorCode, type Outcome, type UserError } from '../../core/user-error';
import { riskRules } from './risk-facts';
import type { RiskRuleRow } from './risk-assessment';
import { MAX_NOTES, MAX_TEXT, ruleType, text } from './screening.service';
import type { RiskRuleCreateInput, RiskRuleType, RiskRuleUpdateInput } from './screening.types';

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

function isCoordinator(viewer: Viewer | null): viewer is Viewer {
  return viewer?.role === Role.COORDINATOR && !!viewer.areaCode;
}

/** Risk rules as data: coordinators define and change them; casework staff and auditors read them. */
export class RiskRuleService {
  private requireCoordinator(ctx: HubContext): Viewer {
    if (!isCoordinator(ctx.viewer)) throw new ForbiddenError('只有统筹人员可以维护风险规则 (coordinators only)');
    return ctx.viewer;
  }

  async rules(ctx: HubContext): Promise<RiskRuleType[]> {
    const viewer = ctx.viewer;
    if (!doesCasework(viewer) && viewer?.role !== Role.AUDITOR) throw new ForbiddenError();
    const rows = await ctx.em.execute<RiskRuleRow[]>(
      'select id, code, name, description, level, rule, active from risk_rule order by code',
    );
    return rows.map(ruleType);
  }

  private checkRule(rule: unknown, errors: UserError[]): void {
    const checked = riskRules.validate(rule);
    if (!checked.ok) {
      for (const e of checked.errors) errors.push(userError(UserErrorCode.INVALID, e.message, ['rule', ...e.path]));
    }
  }

  async createRule(ctx: HubContext, input: RiskRuleCreateInput): Promise<Outcome<RiskRuleType>> {
    const viewer = this.requireCoordinator(ctx);
    const errors: UserError[] = [];
    if (!CODE.test(input.code)) {
      errors.push(userError(UserErrorCode.INVALID, '代码须为大写字母、数字和下划线 (A–Z, 0–9, _)', ['code']));
    }
    const name = text(input.name, 'name', MAX_TEXT, errors);
    const description = text(input.description, 'description', MAX_NOTES, errors);
    if (!name) errors.push(userError(UserErrorCode.INVALID, '请填写名称 (name is required)', ['name']));
    if (!description)
      errors.push(userError(UserErrorCode.INVALID, '请填写说明 (description is required)', ['description']));
    this.checkRule(input.rule, errors);
    if (errors.length > 0) return failure(...errors);
    const now = ctx.clock.now();
    const rows = await ctx.em.execute<RiskRuleRow[]>(
      `insert into risk_rule (id, created_at, updated_at, code, name, description, level, rule, active, created_by)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::jsonb, true, ?)
       on conflict (code) do nothing
       returning id, code, name, description, level, rule, active`,
      [now, now, input.code, name, description, input.level, JSON.stringify(input.rule), viewer.subject],
    );
    if (rows.length === 0) return failure(userError(UserErrorCode.INVALID, '代码已存在 (code already used)', ['code']));
    return success(ruleType(rows[0]!));
  }

  async updateRule(ctx: HubContext, input: RiskRuleUpdateInput): Promise<Outcome<RiskRuleType>> {
    this.requireCoordinator(ctx);
    const id = localId(input.id, 'RiskRule');
    const errors: UserError[] = [];
    const name =
      input.name === undefined || input.name === null ? undefined : text(input.name, 'name', MAX_TEXT, errors);
    const description =
      input.description === undefined || input.description === null
        ? undefined
        : text(input.description, 'description', MAX_NOTES, errors);
    if (name === null) errors.push(userError(UserErrorCode.INVALID, '名称不能为空 (name must not be blank)', ['name']));
    if (description === null) {
      errors.push(userError(UserErrorCode.INVALID, '说明不能为空 (description must not be blank)', ['description']));
    }
    if (input.rule !== undefined && input.rule !== null) this.checkRule(input.rule, errors);
    if (errors.length > 0) return failure(...errors);
    const rows = id
      ? await ctx.em.execute<RiskRuleRow[]>(
          `update risk_rule set name = coalesce(?, name), description = coalesce(?, description),
             level = coalesce(?, level), rule = coalesce(?::jsonb, rule), active = coalesce(?, active), updated_at = ?
           where id = ? returning id, code, name, description, level, rule, active`,
          [
            name ?? null,
            description ?? null,
            input.level ?? null,
            input.rule === undefined || input.rule === null ? null : JSON.stringify(input.rule),
            input.active ?? null,
            ctx.clock.now(),
            id,
          ],
        )
      : [];
    if (rows.length === 0) return failure(userError(UserErrorCode.NOT_FOUND, '规则不存在 (rule not found)', ['id']));
    return success(ruleType(rows[0]!));
  }
}
