#!/usr/bin/env bash
# Enrols one user with an organisation's Fabric CA, the way a province enrols its staff: registers the user
# with its hocba.* attributes (written into the certificate, read by the chaincode's access table), enrols it
# and puts the certificate and key in the network's wallet. Idempotent: an enrolled user is left as it is.
#
#   enroll.sh <org: moet|doet|district1|district2> <user name> [attr=value,attr=value…]
#   e.g. enroll.sh doet principal-SCH-QN-001 hocba.role=principal,hocba.school=SCH-QN-001
# Prints the wallet folder of the user (cert.pem, key.pem).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

org="${1:-}" name="${2:-}" attrs="${3:-}"
[ -n "$org" ] && [ -n "$name" ] || die "usage: enroll.sh <org> <user name> [attr=value,…]"
[ -n "${MSP[$org]:-}" ] || die "no organisation $org (one of: ${ORGS[*]})"
[[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || die "a user name is letters, digits and . _ @ - only: $name"
[ -f "$NET/created" ] || die "no network in $NET: npm run network:up"

wallet="$NET/wallet/${MSP[$org]}/$name"
if [ -f "$wallet/cert.pem" ] && [ -f "$wallet/key.pem" ]; then echo "$wallet"; exit 0; fi

url="127.0.0.1:${CA_PORT[$org]}"
tls="$(org_tlsca "$org")"
client() { "$CA_BIN/fabric-ca-client" "$@" --tls.certfiles "$tls" --caname "ca-$org" >>"$NET/logs/enroll-$org.log" 2>&1; }

# The CA's registrar (its bootstrap admin), enrolled once.
admin_home="$NET/ca/$org/registrar"
# Several enrolments at once (a gateway enrolling its schools) share the registrar: enrol it under a lock.
exec 9>"$NET/ca/$org/registrar.lock"
flock 9
if [ ! -f "$admin_home/msp/signcerts/cert.pem" ]; then
  client enroll -u "https://admin:$(cat "$NET/ca/$org/admin.secret")@$url" --home "$admin_home" \
    || die "could not enrol the registrar of ca-$org (is it running? npm run network:status)"
fi

flock -u 9

# Each attribute goes into the enrolment certificate (":ecert").
ca_attrs=""
if [ -n "$attrs" ]; then
  IFS=',' read -ra pairs <<<"$attrs"
  for kv in "${pairs[@]}"; do ca_attrs+="${ca_attrs:+,}$kv:ecert"; done
fi
secret="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
# A user registered before (an enrolment that did not finish) gets a new secret; the CA keeps one identity.
if ! client register --home "$admin_home" --id.name "$name" --id.secret "$secret" --id.type client \
  ${ca_attrs:+--id.attrs "$ca_attrs"} -u "https://$url"; then
  client identity modify "$name" --home "$admin_home" --secret "$secret" -u "https://$url" \
    || die "could not register $name with ca-$org; see $NET/logs/enroll-$org.log"
fi
tmp="$(mktemp -d)"
client enroll -u "https://$name:$secret@$url" --home "$tmp" --mspdir "$tmp/msp" --csr.names "C=VN,O=${MSP[$org]}" \
  || die "could not enrol $name with ca-$org; see $NET/logs/enroll-$org.log"
mkdir -p "$wallet"
(umask 077 && cp "$tmp/msp/keystore/"*_sk "$wallet/key.pem")
cp "$tmp/msp/signcerts/cert.pem" "$wallet/cert.pem"
rm -rf "$tmp"
echo "$wallet"
