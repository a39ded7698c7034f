#!/usr/bin/env python3
"""Actor recall and precision of a ratsindex binary (issue 21).

Fixtures: every fixtures/**/*.expected.json's "actors". Hand lists:
tests/data/corpus_actors.json (default) or the file in $HAND, e.g.
tests/data/unseen_actors.json (the blind lists). Paths in the lists are
relative to ../shared/corpus. A session bundle's papers count together.

usage: python3 bench/actors_eval.py BIN [--kind] [-v]
       HAND=tests/data/unseen_actors.json python3 bench/actors_eval.py BIN --kind
--kind: an actor counts only with its kind; -v: misses and extras per paper.
"""
import glob, json, os, subprocess, sys

BIN = sys.argv[1]
KIND = '--kind' in sys.argv
V = '-v' in sys.argv
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
if not os.path.isdir(SHARED):
    sys.exit('SKIPPED: ../shared not found')


def norm(s):
    return ' '.join(s.split())


def key(a):
    return (norm(a['name']), a['kind']) if KIND else norm(a['name'])


cases = []
hand = os.environ.get('HAND')
if not hand:
    for e in sorted(glob.glob(ROOT + '/fixtures/**/*.expected.json', recursive=True)):
        stem = e[:-len('.expected.json')]
        papers = [stem + '.' + x for x in ['txt', 'pdf', 'html', 'htm', 'md'] if os.path.exists(stem + '.' + x)]
        cases.append(('fixtures', papers[0], json.load(open(e))['actors']))
hand = os.path.join(ROOT, hand or 'tests/data/corpus_actors.json')
for rel, acts in json.load(open(hand)).items():
    if not rel.startswith('_'):
        path = os.path.normpath(os.path.join(SHARED, 'corpus', rel))
        cases.append(('hand', path, [{'name': a[0], 'kind': a[1]} for a in acts]))
out = subprocess.run([BIN, 'extract'] + [c[1] for c in cases], capture_output=True, text=True).stdout
got_of = {}
for line in out.splitlines():
    r = json.loads(line)
    got_of.setdefault(os.path.normpath(r['source']['path']), set()).update(map(key, r['actors']))
tot = {}
for grp, paper, exp in cases:
    got = got_of.get(os.path.normpath(paper), set())
    alts = lambda a: [key({'name': n, 'kind': a['kind']}) for n in a['name'].split('|')]
    hit = [a for a in exp if any(x in got for x in alts(a))]
    miss = [a for a in exp if a not in hit]
    listed = set(x for a in exp for x in alts(a))
    extra = [g for g in got if g not in listed]
    t = tot.setdefault(grp, [0, 0, 0])
    t[0] += len(hit)
    t[1] += len(exp)
    t[2] += len(hit) + len(extra)
    if V and (miss or extra):
        print('==', os.path.basename(paper))
        for a in miss:
            print('   miss', key(a))
        for x in sorted(extra, key=str):
            print('   extra', x)
for g, (h, e, n) in tot.items():
    print(f"{g}: recall {h}/{e}={h / max(e, 1):.3f} precision {h}/{n}={h / max(n, 1):.3f}")
