/**
 * The registry: districts, schools and the principals' certificates. A school's head key carries the
 * key-level policy "its district AND the province"; moving a school needs the old district's endorsement
 * (the policy in force) and installs the new district's.
 */
import { describeCertificate, pemToDer, utf8 } from '@hocba/integrity';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { authorize } from '../access.ts';
import * as arg from '../args.ts';
import { refuse } from '../errors.ts';
import { type CertificateRecord, type District, INDEX, KEY, type Level, type School } from '../model.ts';
import {
  allByPartialKey,
  compositeKey,
  getJson,
  mustGet,
  pageByPartialKey,
  pageSizeOf,
  putJson,
  txIso,
} from '../state.ts';
import { HocbaContract } from './base.ts';

const LEVELS: readonly Level[] = ['TH', 'THCS', 'THPT', 'GDTX'];
const MSP = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}MSP$/;

export async function districtOfSchool(
  ctx: Context,
  schoolId: string,
): Promise<{ school: School; district: District }> {
  const school = await mustGet<School>(ctx, KEY.school(schoolId), `school ${schoolId}`);
  const district = await mustGet<District>(
    ctx,
    KEY.district(school.districtId),
    `district ${school.districtId}`,
  );
  return { school, district };
}

@Info({ title: 'registry', description: 'Districts, schools and principal certificates' })
export class RegistryContract extends HocbaContract {
  constructor() {
    super('registry');
  }

  @Transaction()
  @Returns('string')
  async registerDistrict(ctx: Context, districtId: string, name: string, mspId: string): Promise<string> {
    authorize(ctx, 'registerDistrict');
    arg.id(districtId, 'district id');
    if (!MSP.test(mspId)) refuse('INVALID_ARGUMENT', 'the MSP id must end in MSP, e.g. District1MSP');
    if (await getJson(ctx, KEY.district(districtId)))
      refuse('ALREADY_EXISTS', `district ${districtId} exists`);
    const district: District = { districtId, name: arg.name(name, 'name'), mspId, registeredAt: txIso(ctx) };
    await putJson(ctx, KEY.district(districtId), district);
    await putJson(ctx, compositeKey(ctx, INDEX.district, [districtId]), { districtId });
    return JSON.stringify(district);
  }

  @Transaction()
  @Returns('string')
  async registerSchool(
    ctx: Context,
    schoolId: string,
    name: string,
    level: string,
    districtId: string,
  ): Promise<string> {
    authorize(ctx, 'registerSchool');
    arg.id(schoolId, 'school id');
    if (!LEVELS.includes(level as Level))
      refuse('INVALID_ARGUMENT', `level must be one of ${LEVELS.join(', ')}`);
    const district = await mustGet<District>(ctx, KEY.district(districtId), `district ${districtId}`);
    if (await getJson(ctx, KEY.school(schoolId))) refuse('ALREADY_EXISTS', `school ${schoolId} exists`);
    const school: School = {
      schoolId,
      name: arg.name(name, 'name'),
      level: level as Level,
      districtId,
      registeredAt: txIso(ctx),
    };
    await putJson(ctx, KEY.school(schoolId), school);
    await putJson(ctx, compositeKey(ctx, INDEX.school, [districtId, schoolId]), { schoolId });
    // First write of the head key: checked against the chaincode-level policy; from now on, its own.
    await this.setSchoolHeadPolicy(ctx, schoolId, district.mspId);
    ctx.stub.setEvent('SchoolRegistered', utf8(JSON.stringify({ schoolId, districtId })));
    return JSON.stringify(school);
  }

  @Transaction()
  @Returns('string')
  async moveSchool(ctx: Context, schoolId: string, newDistrictId: string): Promise<string> {
    authorize(ctx, 'moveSchool');
    const { school } = await districtOfSchool(ctx, schoolId);
    if (school.districtId === newDistrictId)
      refuse('WRONG_STATE', `school ${schoolId} is already in ${newDistrictId}`);
    const target = await mustGet<District>(ctx, KEY.district(newDistrictId), `district ${newDistrictId}`);
    const moved: School = { ...school, districtId: newDistrictId, movedAt: txIso(ctx) };
    await putJson(ctx, KEY.school(schoolId), moved);
    await ctx.stub.deleteState(compositeKey(ctx, INDEX.school, [school.districtId, schoolId]));
    await putJson(ctx, compositeKey(ctx, INDEX.school, [newDistrictId, schoolId]), { schoolId });
    // Validated against the head key's current policy (old district AND province), then replaced.
    await this.setSchoolHeadPolicy(ctx, schoolId, target.mspId);
    ctx.stub.setEvent(
      'SchoolMoved',
      utf8(JSON.stringify({ schoolId, from: school.districtId, to: newDistrictId })),
    );
    return JSON.stringify(moved);
  }

  @Transaction(false)
  @Returns('string')
  async getSchool(ctx: Context, schoolId: string): Promise<string> {
    authorize(ctx, 'read');
    return JSON.stringify(await mustGet<School>(ctx, KEY.school(schoolId), `school ${schoolId}`));
  }

  @Transaction(false)
  @Returns('string')
  async listSchools(ctx: Context, districtId: string, pageSize: string, bookmark: string): Promise<string> {
    authorize(ctx, 'read');
    const page = await pageByPartialKey<{ schoolId: string }>(
      ctx,
      INDEX.school,
      districtId ? [districtId] : [],
      pageSizeOf(pageSize),
      bookmark,
    );
    const items = await Promise.all(page.items.map((i) => getJson<School>(ctx, KEY.school(i.schoolId))));
    return JSON.stringify({ items, bookmark: page.bookmark });
  }

  /** The school sends its principal's certificate; it counts only once the province approves it. */
  @Transaction()
  @Returns('string')
  async registerCertificate(ctx: Context, schoolId: string, certificatePem: string): Promise<string> {
    authorize(ctx, 'registerCertificate', { schoolId });
    await districtOfSchool(ctx, schoolId);
    const der = pemToDer(certificatePem, 'CERTIFICATE');
    if (der.length !== 1) refuse('INVALID_ARGUMENT', 'give exactly one PEM certificate');
    const d = describeCertificate(der[0]!);
    if (await getJson(ctx, KEY.certificate(d.fingerprint)))
      refuse('ALREADY_EXISTS', `certificate ${d.fingerprint} is registered`);
    const record: CertificateRecord = {
      fingerprint: d.fingerprint,
      schoolId,
      subject: d.subject,
      issuer: d.issuer,
      notBefore: d.notBefore.toISOString(),
      notAfter: d.notAfter.toISOString(),
      certificatePem: certificatePem.trim(),
      status: 'pending',
      registeredAt: txIso(ctx),
    };
    await putJson(ctx, KEY.certificate(d.fingerprint), record);
    await putJson(ctx, compositeKey(ctx, INDEX.certBySchool, [schoolId, d.fingerprint]), {
      fingerprint: d.fingerprint,
    });
    await this.touchSchoolHead(ctx, schoolId);
    // The certificate's registration is part of every verification of a batch it signed (the signer step).
    ctx.stub.setEvent(
      'CertificateRegistered',
      utf8(JSON.stringify({ fingerprint: d.fingerprint, schoolId })),
    );
    return JSON.stringify(record);
  }

  @Transaction()
  @Returns('string')
  async approveCertificate(ctx: Context, fingerprint: string): Promise<string> {
    authorize(ctx, 'approveCertificate');
    const cert = await mustGet<CertificateRecord>(
      ctx,
      KEY.certificate(fingerprint),
      `certificate ${fingerprint}`,
    );
    if (cert.status !== 'pending') refuse('WRONG_STATE', `certificate is ${cert.status}, not pending`);
    const approved: CertificateRecord = { ...cert, status: 'approved', approvedAt: txIso(ctx) };
    await putJson(ctx, KEY.certificate(fingerprint), approved);
    await this.touchSchoolHead(ctx, cert.schoolId);
    ctx.stub.setEvent('CertificateApproved', utf8(JSON.stringify({ fingerprint, schoolId: cert.schoolId })));
    return JSON.stringify(approved);
  }

  /** From `revokedFrom` on, signatures by this certificate no longer count (earlier ones still do). */
  @Transaction()
  @Returns('string')
  async revokeCertificate(
    ctx: Context,
    fingerprint: string,
    revokedFrom: string,
    reasonCode: string,
  ): Promise<string> {
    authorize(ctx, 'revokeCertificate');
    const cert = await mustGet<CertificateRecord>(
      ctx,
      KEY.certificate(fingerprint),
      `certificate ${fingerprint}`,
    );
    if (cert.status === 'revoked') refuse('WRONG_STATE', 'the certificate is already revoked');
    const revoked: CertificateRecord = {
      ...cert,
      status: 'revoked',
      revokedFrom: arg.instant(revokedFrom, 'revokedFrom'),
      revocationReason: arg.reasonCode(reasonCode),
    };
    await putJson(ctx, KEY.certificate(fingerprint), revoked);
    await this.touchSchoolHead(ctx, cert.schoolId);
    ctx.stub.setEvent(
      'CertificateRevoked',
      utf8(
        JSON.stringify({
          fingerprint,
          schoolId: cert.schoolId,
          revokedFrom: revoked.revokedFrom,
          reasonCode: revoked.revocationReason,
        }),
      ),
    );
    return JSON.stringify(revoked);
  }

  @Transaction(false)
  @Returns('string')
  async getCertificate(ctx: Context, fingerprint: string): Promise<string> {
    authorize(ctx, 'read');
    return JSON.stringify(
      await mustGet<CertificateRecord>(ctx, KEY.certificate(fingerprint), `certificate ${fingerprint}`),
    );
  }

  @Transaction(false)
  @Returns('string')
  async listCertificates(ctx: Context, schoolId: string): Promise<string> {
    authorize(ctx, 'read');
    const index = await allByPartialKey<{ fingerprint: string }>(ctx, INDEX.certBySchool, [schoolId]);
    return JSON.stringify(
      await Promise.all(index.map((i) => getJson<CertificateRecord>(ctx, KEY.certificate(i.fingerprint)))),
    );
  }
}
