#!/usr/bin/env python3
"""islands.py PAGE.html [SCORE.json] - prints the data a `bscc report` page
carries, for the golden tests (tests/report/run.sh): its JSON islands
bscc-view and bscc-sim, pretty-printed, and a summary of its strategy map.
With SCORE.json (the output of `bscc score --format=json` for the same
arguments), the page's bscc-score island must be that very JSON.  Exits 1
when the page is not what the report promises: self-contained (no src= or
href= to anything but an anchor or data:), one island of each kind."""
import json, re, sys

page = open(sys.argv[1], encoding='utf-8').read()
bad = []
islands = {}
for m in re.finditer(r'<script type="application/json" id="([a-z-]+)">(.*?)</script>', page, re.S):
    if m.group(1) in islands:
        bad.append('two islands ' + m.group(1))
    islands[m.group(1)] = json.loads(m.group(2))
for need in ('bscc-score', 'bscc-view'):
    if need not in islands:
        bad.append('no island ' + need)
# Nothing to load: the only references are anchors in the page and data: URLs.
for m in re.finditer(r'\s(?:src|href|xlink:href)="([^"]*)"', page):
    if not (m.group(1).startswith('#') or m.group(1).startswith('data:')):
        bad.append('a reference outside the page: ' + m.group(1))
if '<script src' in page or '<link ' in page:
    bad.append('an external script or style sheet')
if len(sys.argv) > 2:
    want = json.load(open(sys.argv[2], encoding='utf-8'))
    if islands.get('bscc-score') != want:
        bad.append('bscc-score is not the output of bscc score --format=json')
sim = islands.get('bscc-sim')
for p in (sim or {}).get('portfolios', []):
    # the distribution the page draws: every sample in one of 20 bins
    if len(p.get('histogram', [])) != 20 or sum(p['histogram']) != sim['samples']:
        bad.append('portfolio %s: its histogram does not count %d samples in 20 bins' % (p['name'], sim['samples']))
svg = re.search(r'<template id="map-source">(.*?)</template>', page, re.S)
nodes = re.findall(r'<title>(o\d+)</title>', svg.group(1)) if svg else []
out = {'view': islands.get('bscc-view'), 'sim': islands.get('bscc-sim'),
       'map': {'svg': bool(svg and '<svg' in svg.group(1)), 'nodes': sorted(set(nodes), key=lambda s: int(s[1:]))}}
if islands.get('bscc-view') and out['map']['svg']:
    want_nodes = [o['node'] for o in islands['bscc-view']['objectives']]
    if out['map']['nodes'] != want_nodes:
        bad.append('the map does not have one node per objective')
print(json.dumps(out, indent=1, ensure_ascii=False))
for b in bad:
    print('islands.py: ' + sys.argv[1] + ': ' + b, file=sys.stderr)
sys.exit(1 if bad else 0)
