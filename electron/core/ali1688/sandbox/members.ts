// Runs in: main process / headless Node.
// Several buyer members on one sandbox AppKey (one QPS cap): each member has its own token pair
// and its own orders (order i belongs to member i mod n), and with more than one member some
// orders are placed by a member's sub-accounts (subBuyerLoginId, "main:sub" as 1688 writes
// sub-account logins). Member 0 is the sandbox's one buyer of before, so a one-member world is
// exactly the world it always was.
import { BUYER } from './catalog';

export interface SandboxMember {
  index: number;
  loginId: string;
  memberId: string;
  userId: number;
  aliId: string;
  /** Sub-account logins that place some of this member's orders (none in a one-member world). */
  purchasers: string[];
}

export function sandboxMembers(n: number): SandboxMember[] {
  const count = Math.max(1, Math.floor(n));
  return Array.from({ length: count }, (_, k) => {
    const userId = BUYER.userId + k * 7919;
    const loginId = k === 0 ? BUYER.loginId : `tracker-demo-buyer-${k + 1}`;
    return {
      index: k,
      loginId,
      memberId: k === 0 ? BUYER.memberId : `b2b-${userId}1688a`,
      userId,
      aliId: String(userId),
      purchasers: count > 1 ? [`${loginId}:采购${k + 1}A`, `${loginId}:采购${k + 1}B`] : [],
    };
  });
}

/** The member an order (by its index in the world) belongs to. */
export const ownerOf = (orderIndex: number, members: number): number => orderIndex % Math.max(1, members);

/** The sub-account that placed an order, or null (the main account did). Two in three orders of a member with sub-accounts. */
export function purchaserOf(orderIndex: number, member: SandboxMember, members: number): string | null {
  if (member.purchasers.length === 0) return null;
  const nth = Math.floor(orderIndex / Math.max(1, members));
  return nth % 3 === 0 ? null : (member.purchasers[nth % member.purchasers.length] as string);
}

/** A TradeInfo as its buyer sees it: the member's ids, and who placed it. */
export function asMember(trade: Record<string, unknown>, member: SandboxMember, purchaser: string | null): Record<string, unknown> {
  if (member.index === 0 && purchaser === null) return trade;
  const baseInfo: Record<string, unknown> = {
    ...(trade.baseInfo as Record<string, unknown>),
    buyerID: String(member.userId),
    buyerLoginId: member.loginId,
    buyerUserId: member.userId,
  };
  if (purchaser !== null) baseInfo.subBuyerLoginId = purchaser;
  return { ...trade, baseInfo };
}
