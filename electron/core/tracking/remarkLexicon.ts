// The rule vocabulary shared by the classifier's rule groups (remarkRules*.ts): clause-local gaps,
// negation look-behinds, the rule type, station and facility words. Pure, no I/O.

// Clause-local gap: look-behinds never reach across a comma or full stop.
export const G = (n: number): string => `[^,;。!?\\n]{0,${n}}`;
// `alt` not preceded by `neg`. The look-behind sits AFTER the literal so V8 can scan for the
// literal first (a leading look-behind made some rules 10x slower).
export const unless = (neg: string, alt: string): string => `(?:${alt})(?<!(?:${neg})(?:${alt}))`;

/** A rule: its stable id (RULE_DESCRIPTIONS, shown as 判定依据) and its pattern. */
export interface Rule {
  id: string;
  re: RegExp;
}
export const rule = (id: string, src: string | RegExp): Rule => ({ id, re: typeof src === 'string' ? new RegExp(src) : src });

// Station / locker vocabulary (a parcel there waits for the recipient).
export const STATION =
  '驿站|快递柜|智能柜|自提柜|丰巢|代收点|代理点|自提点|自提网点|暂存点|寄存点|速递易|兔喜|近邻宝|收件宝|e栈|云柜|快递超市|超市|便利店|取件门市|取货门市|百世邻里|快递站|i邮箱';

