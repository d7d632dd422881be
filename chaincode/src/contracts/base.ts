/*
 * The contracts import Context as a value, not as a type: fabric-contract-api learns each transaction's
 * parameters from the decorator metadata (design:paramtypes) that TypeScript emits only for value imports.
 */
import { type Context, Contract } from 'fabric-contract-api';
import { MINISTRY_MSP, PROVINCE_MSP } from '../access.ts';
import { KEY } from '../model.ts';
import { putJson, requireEndorsers } from '../state.ts';

/**
 * The head-key device (DESIGN.md §5): a transaction that touches a school writes the school's head key,
 * whose key-level policy is the school's district AND the province, so that exactly that district must
 * endorse it. Likewise the `ministry` key (Ministry AND province) for the Ministry's own acts. The write
 * is blind (no read), so that concurrent transactions of one school do not conflict on it.
 */
export abstract class HocbaContract extends Contract {
  protected async touchSchoolHead(ctx: Context, schoolId: string): Promise<void> {
    await putJson(ctx, KEY.schoolHead(schoolId), { schoolId, lastTxId: ctx.stub.getTxID() });
  }

  protected async setSchoolHeadPolicy(ctx: Context, schoolId: string, districtMsp: string): Promise<void> {
    await this.touchSchoolHead(ctx, schoolId);
    await requireEndorsers(ctx, KEY.schoolHead(schoolId), [districtMsp, PROVINCE_MSP]);
  }

  protected async touchMinistry(ctx: Context): Promise<void> {
    await putJson(ctx, KEY.ministry, { lastTxId: ctx.stub.getTxID() });
  }

  protected async setMinistryPolicy(ctx: Context): Promise<void> {
    await this.touchMinistry(ctx);
    await requireEndorsers(ctx, KEY.ministry, [MINISTRY_MSP, PROVINCE_MSP]);
  }
}
