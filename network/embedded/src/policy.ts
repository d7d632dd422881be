/**
 * Signature policies: the chaincode-level endorsement policy (written in Fabric's policy language, e.g.
 * `AND('DoetMSP.peer', OR('District1MSP.peer','District2MSP.peer'))`) and key-level policies (the bytes of
 * a SignaturePolicyEnvelope, as fabric-shim's KeyEndorsementPolicy.getPolicy() makes them) become the same
 * tree, evaluated as Fabric's cauthdsl evaluates it.
 */
import { protos } from './fabric.ts';

export type Role = 'member' | 'admin' | 'client' | 'peer' | 'orderer';

export interface Principal {
  mspId: string;
  role: Role;
}

export type Policy =
  | { kind: 'signedBy'; principal: Principal }
  | { kind: 'outOf'; n: number; rules: Policy[] };

const ROLES: readonly Role[] = ['member', 'admin', 'client', 'peer', 'orderer'];

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * Parses Fabric's signature-policy syntax (policydsl): AND(...), OR(...), OutOf(n, ...) over quoted
 * principals 'MSPID.role'. As in Fabric, AND is OutOf(all) and OR is OutOf(1); the role is what follows the
 * last dot, so MSP ids may contain dots.
 */
export function parsePolicy(text: string): Policy {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (): Token => {
    const t = tokens[pos++];
    if (!t) throw new PolicyError(`unexpected end of policy "${text}"`);
    return t;
  };
  const expect = (kind: Token['kind']) => {
    const t = take();
    if (t.kind !== kind) throw new PolicyError(`expected ${kind} in policy "${text}", found "${t.text}"`);
    return t;
  };

  const expr = (): Policy => {
    const t = take();
    if (t.kind === 'string') return { kind: 'signedBy', principal: parsePrincipal(t.text) };
    if (t.kind !== 'name') throw new PolicyError(`unexpected "${t.text}" in policy "${text}"`);
    const fn = t.text.toLowerCase();
    expect('(');
    let n: number | undefined;
    if (fn === 'outof') {
      const count = expect('number');
      n = Number(count.text);
      expect(',');
    } else if (fn !== 'and' && fn !== 'or') {
      throw new PolicyError(`unknown function ${t.text} in policy "${text}"`);
    }
    const rules = [expr()];
    while (peek()?.kind === ',') {
      pos++;
      rules.push(expr());
    }
    expect(')');
    return { kind: 'outOf', n: fn === 'and' ? rules.length : fn === 'or' ? 1 : (n as number), rules };
  };

  const policy = expr();
  if (pos !== tokens.length) throw new PolicyError(`trailing "${tokens[pos]?.text}" in policy "${text}"`);
  return policy;
}

interface Token {
  kind: 'name' | 'string' | 'number' | '(' | ')' | ',';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|(,)|'([^']*)'|"([^"]*)"|(\d+)|([A-Za-z]+))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new PolicyError(`cannot read policy "${text}" at offset ${at}`);
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: '(', text: '(' });
    else if (m[2]) tokens.push({ kind: ')', text: ')' });
    else if (m[3]) tokens.push({ kind: ',', text: ',' });
    else if (m[4] !== undefined) tokens.push({ kind: 'string', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'string', text: m[5] });
    else if (m[6]) tokens.push({ kind: 'number', text: m[6] });
    else tokens.push({ kind: 'name', text: m[7] as string });
  }
  return tokens;
}

function parsePrincipal(s: string): Principal {
  // Fabric: ^([[:alnum:].-]+)([.])(admin|member|client|peer|orderer)$
  const m = /^([A-Za-z0-9.-]+)\.(admin|member|client|peer|orderer)$/.exec(s);
  if (!m) throw new PolicyError(`"${s}" is not a principal of the form 'MSPID.role'`);
  return { mspId: m[1] as string, role: m[2] as Role };
}

/**
 * Reads a key-level validation parameter: a SignaturePolicyEnvelope whose identities are MSP roles. Other
 * principal kinds (OU, identity) cannot be satisfied by an endorsing organisation and are refused.
 */
export function policyFromEnvelope(bytes: Uint8Array): Policy {
  let envelope: ReturnType<typeof protos.common.SignaturePolicyEnvelope.deserializeBinary>;
  try {
    envelope = protos.common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  } catch (e) {
    throw new PolicyError(`not a SignaturePolicyEnvelope: ${(e as Error).message}`);
  }
  const { MSPPrincipal, MSPRole } = protos.msp;
  const principals = envelope.getIdentitiesList().map((p, i): Principal => {
    if (p.getPrincipalClassification() !== MSPPrincipal.Classification.ROLE) {
      throw new PolicyError(`identity ${i} of the policy is not an MSP role`);
    }
    const role = MSPRole.deserializeBinary(p.getPrincipal_asU8());
    const name = ROLES[role.getRole()];
    if (!name) throw new PolicyError(`identity ${i} of the policy has an unknown role ${role.getRole()}`);
    return { mspId: role.getMspIdentifier(), role: name };
  });
  const { TypeCase } = protos.common.SignaturePolicy;
  type Rule = NonNullable<ReturnType<typeof envelope.getRule>>;
  const convert = (rule: Rule | undefined): Policy => {
    if (!rule) throw new PolicyError('the policy has no rule');
    if (rule.getTypeCase() === TypeCase.SIGNED_BY) {
      const principal = principals[rule.getSignedBy()];
      if (!principal)
        throw new PolicyError(`the policy names identity ${rule.getSignedBy()}, which is absent`);
      return { kind: 'signedBy', principal };
    }
    const nOutOf = rule.getNOutOf();
    if (rule.getTypeCase() !== TypeCase.N_OUT_OF || !nOutOf)
      throw new PolicyError('the policy has an empty rule');
    return { kind: 'outOf', n: nOutOf.getN(), rules: nOutOf.getRulesList().map(convert) };
  };
  return convert(envelope.getRule());
}

/**
 * An endorsement comes from a peer, whose certificate has OU=peer (NodeOUs): it satisfies 'Org.peer' and
 * 'Org.member' of its organisation, never admin, client or orderer.
 */
const peerSatisfies = (mspId: string, p: Principal): boolean =>
  p.mspId === mspId && (p.role === 'peer' || p.role === 'member');

/**
 * Evaluates the policy over one endorsement per organisation, as cauthdsl does: each endorsement can
 * satisfy one principal only, and an N-out-of tries every sub-rule in order, keeping the endorsements a
 * satisfied sub-rule consumed (fabric common/cauthdsl/cauthdsl.go compile()).
 */
export function isSatisfied(policy: Policy, endorsingOrgs: readonly string[]): boolean {
  const orgs = [...new Set(endorsingOrgs)];
  return evaluate(
    policy,
    orgs,
    orgs.map(() => false),
  );
}

function evaluate(policy: Policy, orgs: readonly string[], used: boolean[]): boolean {
  if (policy.kind === 'signedBy') {
    for (let i = 0; i < orgs.length; i++) {
      if (!used[i] && peerSatisfies(orgs[i] as string, policy.principal)) {
        used[i] = true;
        return true;
      }
    }
    return false;
  }
  let verified = 0;
  for (const rule of policy.rules) {
    const trial = [...used];
    if (evaluate(rule, orgs, trial)) {
      verified++;
      trial.forEach((u, i) => {
        used[i] = u;
      });
    }
  }
  return verified >= policy.n;
}

/** Writes a policy back in the policy language, for error messages. */
export function formatPolicy(policy: Policy): string {
  if (policy.kind === 'signedBy') return `'${policy.principal.mspId}.${policy.principal.role}'`;
  const inner = policy.rules.map(formatPolicy).join(', ');
  if (policy.n === policy.rules.length) return `AND(${inner})`;
  if (policy.n === 1) return `OR(${inner})`;
  return `OutOf(${policy.n}, ${inner})`;
}
