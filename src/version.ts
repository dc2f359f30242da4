/** Kept equal to package.json's version by test/version.test.ts (a bundle cannot read package.json). */
export const VERSION = '0.1.0';
export const TOOL_NAME = 'cguard';
export const INFORMATION_URI = 'https://github.com/cguard/cguard';
/** Where a rule's documentation lives, for SARIF `helpUri` and the step summary's links. */
export function ruleHelpUri(ruleId: string): string {
  return `${INFORMATION_URI}/blob/main/docs/rules.md#${ruleId.toLowerCase()}`;
}
