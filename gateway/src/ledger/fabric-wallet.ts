/**
 * The gateway's identities on a real Fabric network: each is enrolled with its organisation's Fabric CA,
 * with the hocba.* attributes the chaincode's access table reads (network/fabric/scripts/enroll.sh registers
 * and enrols it, as a province enrols its staff), and kept in the network's wallet folder. The private key
 * never leaves this process: the identity carries a signer, not the key.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { signers } from '@hyperledger/fabric-gateway';
import type { LedgerIdentity } from './client.ts';
import type { FabricProfile } from './fabric.ts';
import { type LedgerIdentities, staticIdentities } from './identities.ts';
import { MINISTRY_MSP, PROVINCE_MSP } from './province.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const ENROLL = join(ROOT, 'network/fabric/scripts/enroll.sh');

export interface NetworkProfile extends FabricProfile {
  wallet: string;
  orgs: Record<string, FabricProfile['orgs'][string] & { org: string }>;
}

/** The network's folder: HOCBA_FABRIC_DIR, or .data/fabric at the repository root (network.sh's default). */
export function fabricDir(env: { HOCBA_FABRIC_DIR?: string | undefined } = process.env): string {
  return env.HOCBA_FABRIC_DIR ? resolve(env.HOCBA_FABRIC_DIR) : join(ROOT, '.data/fabric');
}

export class FabricNotRunning extends Error {
  override readonly name = 'FabricNotRunning';
}

/** The connection profile `network.sh up` wrote; a clear error when there is no network yet. */
export function loadProfile(dir = fabricDir()): NetworkProfile {
  const path = join(dir, 'connection.json');
  if (!existsSync(path))
    throw new FabricNotRunning(`no Fabric network in ${dir} (no connection.json): run 'npm run network:up'`);
  return JSON.parse(readFileSync(path, 'utf8')) as NetworkProfile;
}

/** An identity from a wallet folder (cert.pem, key.pem), signing with fabric-gateway's ECDSA signer. */
export function walletIdentity(folder: string, mspId: string): LedgerIdentity {
  const certificate = readFileSync(join(folder, 'cert.pem'), 'utf8');
  const key = createPrivateKey(readFileSync(join(folder, 'key.pem')));
  return { mspId, certificate, sign: signers.newPrivateKeySigner(key) };
}

/** Enrols (once) a user of an organisation with its CA and returns it from the wallet. */
export async function enrol(
  profile: NetworkProfile,
  mspId: string,
  name: string,
  attrs: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<LedgerIdentity> {
  const org = profile.orgs[mspId]?.org;
  if (!org) throw new Error(`the network has no organisation ${mspId}`);
  const folder = join(profile.wallet, mspId, name);
  if (!existsSync(join(folder, 'cert.pem'))) {
    const list = Object.entries(attrs)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    await run('bash', [ENROLL, org, name, list], { env });
  }
  return walletIdentity(folder, mspId);
}

export interface FabricIdentitiesInput {
  profile: NetworkProfile;
  districts: readonly { districtId: string; mspId: string }[];
  schools: readonly { schoolId: string; districtId: string }[];
}

/**
 * The identities DESIGN.md §5 "Who submits" names, enrolled with the organisations' CAs: the Ministry's
 * admin (trust anchors, report acknowledgements) and a reader, the province's officer, a principal
 * identity per school (DoetMSP: the province enrols school staff) and an officer per district (its own CA).
 */
export async function fabricIdentities(i: FabricIdentitiesInput): Promise<{
  identities: LedgerIdentities;
  reader: LedgerIdentity;
  ministry: LedgerIdentity;
  province: LedgerIdentity;
  principals: Record<string, LedgerIdentity>;
  districtOfficers: Record<string, LedgerIdentity>;
}> {
  const { profile } = i;
  const reader = await enrol(profile, MINISTRY_MSP, 'gateway-reader', { 'hocba.role': 'ministryAuditor' });
  const ministry = await enrol(profile, MINISTRY_MSP, 'ministry-admin', { 'hocba.role': 'ministryAdmin' });
  const province = await enrol(profile, PROVINCE_MSP, 'province-officer', {
    'hocba.role': 'provinceOfficer',
  });
  const principals: Record<string, LedgerIdentity> = {};
  for (const s of i.schools)
    principals[s.schoolId] = await enrol(profile, PROVINCE_MSP, `principal-${s.schoolId}`, {
      'hocba.role': 'principal',
      'hocba.school': s.schoolId,
    });
  const districtOfficers: Record<string, LedgerIdentity> = {};
  for (const d of i.districts)
    districtOfficers[d.districtId] = await enrol(profile, d.mspId, `officer-${d.districtId}`, {
      'hocba.role': 'districtOfficer',
      'hocba.district': d.districtId,
    });
  const identities = staticIdentities({
    reader,
    province,
    ministry,
    principals,
    districtOfficers,
    districtMsps: Object.fromEntries(i.districts.map((d) => [d.districtId, d.mspId])),
    schoolDistricts: Object.fromEntries(i.schools.map((s) => [s.schoolId, s.districtId])),
  });
  return { identities, reader, ministry, province, principals, districtOfficers };
}
