#!/usr/bin/env python3
"""Generate a large synthetic MIRPS framework for benchmarks.

    scripts/gen-framework.py OUT_DIR --states 100 --commitments 1000

writes OUT_DIR/mirps.toml and, per State, OUT_DIR/chapters/national/<code>.yaml with the given
number of commitments each (bilingual titles and descriptions, budgets, indicators, progress,
[[ID]] citations), plus one regional plan per ten States whose programmes complement national
commitments and one cooperation document per ten States whose pledges support them, so the
framework carries tens of thousands of cross-links. The output is valid: `mirps validate` on it
reports no problems. Deterministic: same arguments, same bytes.
"""

import argparse
import os
import random

PILLARS = ["reception-admission", "immediate-needs", "host-communities", "durable-solutions"]
POPULATIONS = ["refugees", "asylum-seekers", "idps", "returnees", "in-transit", "host-communities"]
GROUPS = ["protection", "social-protection", "education", "health", "jobs-livelihoods"]


def state_codes(n):
    codes = []
    for i in range(n):
        a, rest = divmod(i, 26 * 26)
        b, c = divmod(rest, 26)
        codes.append("X" + chr(65 + b) + chr(65 + c) if a == 0 else chr(65 + a) + chr(65 + b) + chr(65 + c))
    return codes


def commitment(rng, code, pillar_no, n, per_pillar):
    pillar = PILLARS[pillar_no - 1]
    cid = f"{code}-{pillar_no}.{n}"
    cite = f"{code}-{pillar_no}.{max(1, n - 1)}"
    pops = rng.sample(POPULATIONS, 2)
    required = rng.randrange(10_000, 5_000_000, 100)
    state = required // rng.randrange(2, 10)
    year = rng.randrange(2018, 2024)
    return f"""  - id: {cid}
    pillar: {pillar}
    title:
      es: Fortalecimiento de la atención y protección número {n} en el pilar {pillar_no}
      en: Strengthening reception and protection number {n} under pillar {pillar_no}
    description:
      es: |
        Ampliar la capacidad de las oficinas de registro y la coordinación interinstitucional
        para personas solicitantes de asilo y refugiadas; complementa [[{cite}]].
      en: |
        Expand the capacity of registration offices and inter-institutional coordination for
        asylum seekers and refugees; complements [[{cite}]].
    populations: [{pops[0]}, {pops[1]}]
    working_groups: [{rng.choice(GROUPS)}]
    lead: MIN
    partners: [UNHCR, OAS]
    timeframe: {{ start: {year}, end: {year + 2} }}
    budget: {{ currency: USD, required: {required}, state_investment: {state} }}
    indicators:
      - {{ description: {{ es: Oficinas abiertas, en: Offices opened }}, unit: offices, baseline: 0, target: {rng.randrange(1, 20)} }}
    priority: {rng.choice(["high", "medium", "low"])}
    progress:
      - year: {year}
        status: in-progress
        percent: {rng.randrange(0, 100)}
        summary: {{ es: Avance conforme al plan anual., en: Progress in line with the annual plan. }}
"""


def chapter(rng, code, count):
    per_pillar = [count // 4 + (1 if i < count % 4 else 0) for i in range(4)]
    parts = [f"""kind: national-chapter
schema_version: 1
state: {code}
name: {{ es: Estado {code}, en: State {code} }}
language: es
status: adopted
updated: 2025-10-01
summary:
  es: Capítulo nacional sintético de {code}; véase [[{code}-1.1]].
  en: Synthetic national chapter of {code}; see [[{code}-1.1]].
institutions:
  - {{ id: MIN, name: {{ es: Ministerio de Gobernación, en: Ministry of the Interior }} }}
commitments:
"""]
    ids = []
    for p in range(4):
        for n in range(1, per_pillar[p] + 1):
            parts.append(commitment(rng, code, p + 1, n, per_pillar[p]))
            ids.append(f"{code}-{p + 1}.{n}")
    return "".join(parts), ids


def regional(rng, org, states, ids_by_state, programmes):
    parts = [f"""kind: regional-plan
schema_version: 1
organization: {org}
name: {{ es: Organización {org}, en: Organization {org} }}
type: regional-organization
language: es
updated: 2025-09-01
summary: {{ es: Plan regional sintético., en: Synthetic regional plan. }}
programmes:
"""]
    for i in range(1, programmes + 1):
        covered = rng.sample(states, min(3, len(states)))
        targets = [rng.choice(ids_by_state[s]) for s in covered for _ in range(3)]
        parts.append(f"""  - id: {org}-{i}
    title: {{ es: Programa regional {i}, en: Regional programme {i} }}
    pillars: [{rng.choice(PILLARS)}]
    states: [{", ".join(covered)}]
    complements: [{", ".join(sorted(set(targets)))}]
    budget: {{ currency: USD, required: {rng.randrange(100_000, 2_000_000, 1000)} }}
    timeframe: {{ start: 2020, end: 2024 }}
    status: in-progress
""")
    return "".join(parts)


def cooperation(rng, contributor, states, ids_by_state, pledges):
    parts = [f"""kind: cooperation
schema_version: 1
contributor: {contributor}
name: {{ es: Cooperante {contributor}, en: Contributor {contributor} }}
language: es
south_south: false
updated: 2025-09-01
pledges:
"""]
    for i in range(1, pledges + 1):
        covered = rng.sample(states, min(2, len(states)))
        targets = sorted({rng.choice(ids_by_state[s]) for s in covered for _ in range(4)})
        pledged = rng.randrange(200_000, 3_000_000, 1000)
        lines = []
        for j, t in enumerate(targets):
            lines.append(f"      - {{ id: {t}, amount: {pledged // (len(targets) + 1)} }}" if j % 2 == 0 else f"      - {t}")
        supports = "\n".join(lines)
        parts.append(f"""  - id: {contributor}-{i}
    type: financial
    title: {{ es: Contribución {i}, en: Contribution {i} }}
    beneficiaries: [{", ".join(covered)}]
    supports:
{supports}
    amount: {{ currency: EUR, pledged: {pledged}, disbursed: {pledged // 2} }}
    period: {{ start: 2021, end: 2023 }}
    status: in-progress
""")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--states", type=int, default=100)
    parser.add_argument("--commitments", type=int, default=1000, help="per State")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    codes = state_codes(args.states)
    national_dir = os.path.join(args.out, "chapters", "national")
    regional_dir = os.path.join(args.out, "chapters", "regional")
    coop_dir = os.path.join(args.out, "chapters", "cooperating")
    for d in (national_dir, regional_dir, coop_dir):
        os.makedirs(d, exist_ok=True)
    members = ", ".join(f'"{c}"' for c in codes)
    with open(os.path.join(args.out, "mirps.toml"), "w", encoding="utf-8") as f:
        f.write(f"""[framework]
title = {{ es = "Marco sintético", en = "Synthetic framework" }}
short_title = "SYN"
edition = "bench"
cutoff = 2025-11-30
languages = ["es", "en"]
members = [{members}]

[currency]
base = "USD"
rates = {{ EUR = 1.16 }}
""")
    ids_by_state = {}
    for code in codes:
        text, ids = chapter(rng, code, args.commitments)
        ids_by_state[code] = ids
        with open(os.path.join(national_dir, f"{code.lower()}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    groups = max(1, args.states // 10)
    links_per_group = max(1, args.commitments)
    for g in range(groups):
        states = codes[g * 10:(g + 1) * 10] or codes
        org = f"ORG{g}"
        with open(os.path.join(regional_dir, f"{org.lower()}.yaml"), "w", encoding="utf-8") as f:
            f.write(regional(rng, org, states, ids_by_state, max(1, links_per_group // 10)))
        contributor = f"CON{g}"
        with open(os.path.join(coop_dir, f"{contributor.lower()}.yaml"), "w", encoding="utf-8") as f:
            f.write(cooperation(rng, contributor, states, ids_by_state, max(1, links_per_group // 10)))


if __name__ == "__main__":
    main()
