import { invalid, type UserError } from './user-error';

type Path = (string | number)[];

/** Collects INVALID userErrors with their field paths; a service returns them all at once. */
export class Checks {
  readonly errors: UserError[] = [];

  get failed(): boolean {
    return this.errors.length > 0;
  }

  fail(path: Path, message: string): this {
    this.errors.push(invalid(path, message));
    return this;
  }

  check(ok: boolean, path: Path, message: string): boolean {
    if (!ok) this.fail(path, message);
    return ok;
  }

  /** A required, non-blank string of at most `max` characters. */
  text(value: string | null | undefined, path: Path, label: string, max = 200): boolean {
    if (value === null || value === undefined || value.trim() === '') {
      return this.check(false, path, `${label}不能为空 (${String(path.at(-1))} must not be blank)`);
    }
    return this.check(value.length <= max, path, `${label}不能超过 ${max} 个字符 (at most ${max} characters)`);
  }

  /** An optional string: when present, non-blank and at most `max` characters. */
  optionalText(value: string | null | undefined, path: Path, label: string, max = 200): boolean {
    return value === null || value === undefined || this.text(value, path, label, max);
  }

  /** A date within sane bounds (YYYY-MM-DD, 1949–2100). */
  date(value: string | null | undefined, path: Path, label: string): boolean {
    if (value === null || value === undefined) return true;
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '1949-01-01' && value <= '2100-12-31';
    return this.check(ok, path, `${label}日期无效 (invalid date)`);
  }
}

/** The one check of a step that takes a required text (a reason, a note): its INVALID error, or null. */
export function textError(value: string | null | undefined, path: Path, label: string, max = 200): UserError | null {
  const checks = new Checks();
  checks.text(value, path, label, max);
  return checks.errors[0] ?? null;
}

/** The same for an optional text: present, it is non-blank and at most `max` characters. */
export function optionalTextError(
  value: string | null | undefined,
  path: Path,
  label: string,
  max = 200,
): UserError | null {
  return value === null || value === undefined ? null : textError(value, path, label, max);
}
