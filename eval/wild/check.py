# Sanity checks for the wild QA set (run: python3 check.py)
import json, os, unicodedata, collections, re
DOCS = '/work/shared/wild/docs'; HERE = os.path.dirname(os.path.abspath(__file__))
N = lambda s: unicodedata.normalize('NFC', s)
TEXT = {f: N(open(os.path.join(DOCS, f), encoding='utf-8').read()) for f in os.listdir(DOCS) if f.endswith('.txt')}
split = json.load(open(os.path.join(HERE, 'split.json'), encoding='utf-8'))
errs = []
def E(*a): errs.append(' '.join(map(str, a)))
assert set(split) == set(TEXT), 'split.json does not cover all docs'
def load(name):
    rows = []
    for i, l in enumerate(open(os.path.join(HERE, name), encoding='utf-8')):
        if N(l) != l: E(name, 'line', i + 1, 'not NFC')
        rows.append(json.loads(l))
    return rows
qa = load('qa.jsonl'); hd = load('headers.jsonl'); tg = load('targets.jsonl')
ids = [r['id'] for r in qa]
if len(ids) != len(set(ids)): E('duplicate ids')
byid = {r['id']: r for r in qa}
cov = collections.Counter()
for r in qa:
    k = r['kind']
    if k == 'unanswerable':
        if r['doc'] or r['answer_must_contain'] or r['evidence']: E(r['id'], 'unanswerable with content')
        if r['split'] not in ('dev', 'test'): E(r['id'], 'bad split')
        continue
    for d in r['doc']:
        if d not in TEXT: E(r['id'], 'unknown doc', d)
        cov[d] += 1
    if r['split'] != split[r['doc'][0]]: E(r['id'], 'split mismatch')
    t0 = TEXT[r['doc'][0]]
    if not r['evidence'] or r['evidence'] not in t0: E(r['id'], 'evidence not in doc')
    evs = [r['evidence']]; texts = [t0]
    if k == 'compare':
        if len(r['doc']) != 2: E(r['id'], 'compare needs 2 docs')
        t1 = TEXT[r['doc'][1]]
        if r.get('evidence_2', '') not in t1 or not r.get('evidence_2'): E(r['id'], 'evidence_2 not in doc[1]')
        evs.append(r['evidence_2']); texts.append(t1)
    if not (1 <= len(r['answer_must_contain']) <= 2): E(r['id'], 'answer count')
    for a in r['answer_must_contain']:
        if not any(a in e for e in evs) and not any(a in t for t in texts): E(r['id'], 'answer not in evidence/doc:', a)
        elif not any(a in e for e in evs): print('note', r['id'], 'answer only in doc, not in evidence:', a)
        if a in r['question'] and k != 'no_diacritics': E(r['id'], 'answer string appears in question:', a)
    if k == 'compare':
        for j, t in enumerate(texts):
            if not any(a in t for a in r['answer_must_contain']): E(r['id'], 'no answer string from doc', j)
    if k == 'no_diacritics':
        tw = byid.get(r.get('twin'))
        if not tw: E(r['id'], 'twin missing'); continue
        if tw['kind'] not in ('fact', 'target_lookup'): E(r['id'], 'twin kind', tw['kind'])
        for f in ('doc', 'answer_must_contain', 'evidence', 'split'):
            if tw[f] != r[f]: E(r['id'], 'twin field differs', f)
        q = r['question']
        if q != q.lower() or any(unicodedata.category(c) == 'Mn' for c in unicodedata.normalize('NFD', q)) or 'đ' in q: E(r['id'], 'diacritics left')
for d in TEXT:
    if cov[d] < 2: E('doc covered < 2:', d, cov[d])
for h in hd:
    if h['split'] != split[h['doc']]: E('header split', h['doc'])
    if h['issued'] and not re.fullmatch(r'\d{4}-\d{2}-\d{2}', h['issued']): E('header date', h['doc'])
if sorted(h['doc'] for h in hd) != sorted(TEXT): E('headers do not cover docs')
for t in tg:
    if t['statement'] not in TEXT[t['doc']]: E('target statement not in doc', t['doc'], t['statement'][:40])
    if t['split'] != split[t['doc']]: E('target split', t['doc'])
    if t['comparator'] not in ('>=', '>', '<=', '<', '='): E('comparator', t)
print('kinds:', dict(collections.Counter(r['kind'] for r in qa)))
for s in ('dev', 'test'):
    print(s, dict(collections.Counter(r['kind'] for r in qa if r['split'] == s)), 'total', sum(r['split'] == s for r in qa))
print('docs per split:', dict(collections.Counter(split.values())))
print('targets:', len(tg), dict(collections.Counter(t['split'] for t in tg)), 'docs with targets:', len({t['doc'] for t in tg}))
print('headers:', len(hd))
print('ERRORS:', len(errs)); [print(' ', e) for e in errs]
