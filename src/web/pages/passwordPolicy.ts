/** Character classes counted by the password policy. */
const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** True when the password meets the policy: at least 8 characters from at least three of upper/lower/digit/symbol. */
export function meetsPasswordPolicy(password: string): boolean {
  if (password.length < 8) return false;
  return CLASSES.filter((pattern) => pattern.test(password)).length >= 3;
}
