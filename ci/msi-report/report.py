#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
"""report.py - `make msi-report`: writes docs/msi-designs.md, the comparison
of the MSI designs A, B, C and D the 2013 RFC asked for (issue #19), with its
charts (docs/msi-designs/*.svg, gnuplot) and raw figures
(docs/msi-designs.json).  Every number is measured by this run:

  windows     programs.py's programs on the stub (measure.py): windows MSI
              takes and windows left for RAM per container, doorbells a
              device rings, for 1..8 devices in 1..4 containers, p4080 and
              t4240, both MSI policies
  setup       ioctls, fds and mmaps until one device rings every bank: the
              corpus programs of each design, and programs.py's minimal ones
  defects     `make kill-matrix-designs` (tests each designs2013 switch
              fails) and fuzzers/ttd-designs.sh (what the fuzzer finds, in
              how long; median of MSI_REPORT_RUNS runs, MSI_REPORT_CAP s cap)
  scenario    the reviewer's "first user sizes the aperture": container 1
              sets up first and takes what it can; what container 2 gets
  verdict     sentences computed from the tables above

The designs and switches come from include/t2/msi_designs.def and
designs2013.def; a design programs.py has no recipe for is said so.
Environment: MSI_REPORT_OUT (default docs/msi-designs), MSI_REPORT_CAP (60),
MSI_REPORT_RUNS (3), MSI_REPORT_DESIGNS=D,A (only those), MSI_REPORT_TTD=FILE and
MSI_REPORT_TTD_D=FILE (reuse a ttd-designs.sh output, TTD_SEEDS=all and d,
instead of fuzzing), MSI_REPORT_KILL=FILE (reuse a kill-matrix-designs
output), MSI_REPORT_SKIP=ttd,kill (leave parts out; the document says so).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure    # noqa: E402
import programs   # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PRESETS = ('p4080', 't4240')
N = 16                          # windows per container in the measurements


def table(name, pattern):
    """The rows of an X-macro table of include/t2/, as regex groups."""
    with open(os.path.join(ROOT, 'include/t2', name)) as f:
        return [m.groups() for m in (re.match(pattern, ln) for ln in f) if m]


def table_designs():
    """[(letter, section, summary)] from msi_designs.def."""
    return [(x, sec, summary) for x, _, sec, summary in table(
        'msi_designs.def', r'T2_MSI_DESIGN\(\s*(\w)\s*,\s*(\d+)\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"')]


def table_switches():
    """[(name, design, summary)] from designs2013.def."""
    return table('designs2013.def', r'T2_DSWITCH\(\s*(\w+)\s*,\s*\d+\s*,\s*(\w)\s*,\s*"([^"]*)"')


def load():
    return os.getloadavg()[0]


# ------------------------------------------------------------------ parts

def part_windows(designs):
    rows = []
    for x in designs:
        for p in PRESETS:
            for policy in ('exclusive', 'shared'):
                for k in range(1, 9):
                    for c in range(1, min(k, 4) + 1):
                        per = measure.windows(x, p, k, c, N, policy)
                        rows.append({'design': x, 'preset': p, 'policy': policy,
                                     'devices': k, 'containers': c, 'per': per})
    return rows


def part_setup(designs):
    out = {}
    for x in designs:
        out[x] = {}
        for p in PRESETS:
            nb = programs.banks(p)
            gen = {}
            for name, k, c in (('first', 1, 1), ('same', 2, 1), ('new', 2, 2)):
                gen[name] = measure.setup_cost(
                    programs.setup(x, p, k, c, N, 'shared', fill=1), nb)
            out[x][p] = gen
        corp = measure.corpus_setups(x, os.path.join(ROOT, 'corpus'))
        out[x]['corpus'] = [{'path': os.path.relpath(path, ROOT), **cost}
                            for _, path, cost in corp[:3]]
    return out


def part_scenario(designs):
    """Container 1 (the first user) sets everything up first: six devices,
    every bank, as many windows as it likes; then container 2 (two devices)
    takes the largest window count the SPAACE pool still gives and sets its
    MSI up the same way.  What container 2 gets, per design and policy."""
    out = []
    for x in designs:
        for p in PRESETS:
            for policy in ('exclusive', 'shared'):
                for pool in (512, 8):
                    r = measure.scenario(x, p, policy, pool)
                    out.append({'design': x, 'preset': p, 'policy': policy,
                                'pool': pool, **r})
    return out


def part_kill():
    f = os.environ.get('MSI_REPORT_KILL')
    if f:
        with open(f) as fh:
            text = fh.read()
    else:
        text = subprocess.run(['make', '-s', '--no-print-directory', 'kill-matrix-designs'],
                              cwd=ROOT, capture_output=True, text=True).stdout
    return parse_kill(text), text


def parse_kill(text):
    """{switch: {'design', 'preset', 'tests': [...]}} and per design lines."""
    res, design, preset = {'switches': {}, 'designs': {}}, None, None
    for ln in text.splitlines():
        m = re.match(r'=== design (\w) on (\w+)', ln)
        if m:
            design, preset = m.groups()
            continue
        m = re.match(r'^(\w+)\s+(killed|SURVIVED)\s+(\d+)\s+(.*)$', ln)
        if m and design:
            s = res['switches'].setdefault(m.group(1), {'design': design, 'tests': {}})
            s['tests'][preset] = [] if m.group(4) == '-' else m.group(4).split()
            continue
        m = re.match(r'^design (\w): (\d+)/(\d+) killed, (\d+) failures on spec', ln)
        if m:
            res['designs'][m.group(1)] = {'killed': int(m.group(2)), 'total': int(m.group(3)),
                                          'spec_failures': int(m.group(4)), 'line': ln}
    return res


def part_rules(switches):
    """{switch: sorted rule IDs cited by the tests it makes fail} on p4080 and
    t4240: the conformance suite's own citations (t2conf prints them after
    each test name), of which the INV-n and ISO-n are the isolation
    invariants of spec sections 14 and 18."""
    t2conf = os.path.join(ROOT, os.environ.get('T2CONF', 'build/gcc/conformance/t2conf'))
    out = {}
    for name, x, _ in switches:
        rules = set()
        for p in PRESETS:
            env = dict(os.environ, T2_PLATFORM='%s,msi_design=%s' % (p, x), T2_DEFECTS=name)
            env.pop('T2_PERSONALITY', None)
            tap = subprocess.run([t2conf], env=env, capture_output=True, text=True).stdout
            for m in re.finditer(r'^not ok \d+ - \S+ \[([^\]]*)\]', tap, re.M):
                rules.update(m.group(1).split())
        out[name] = sorted(rules, key=lambda r: (r.split('-')[0], _rule_num(r)))
    return out


def _rule_num(r):
    m = re.search(r'-(\d+)', r)
    return int(m.group(1)) if m else 0


TTD_MODES = (('all', 'MSI_REPORT_TTD', 'from every seed'),
             ('d', 'MSI_REPORT_TTD_D', 'from the design D seeds only (the fuzzer flips the '
                                       'design itself)'))


def part_ttd(mode, reuse):
    """fuzzers/ttd-designs.sh with TTD_SEEDS=mode, or its saved output."""
    if os.environ.get(reuse):
        with open(os.environ[reuse]) as fh:
            text = fh.read()
    else:
        env = dict(os.environ, TTD_MAX=os.environ.get('MSI_REPORT_CAP', '60'),
                   TTD_RUNS=os.environ.get('MSI_REPORT_RUNS', '3'), TTD_SEEDS=mode,
                   TTD_OUT='build/fuzz/ttd-designs-%s' % mode)
        text = subprocess.run(['sh', 'fuzzers/ttd-designs.sh'], cwd=ROOT, env=env,
                              capture_output=True, text=True).stdout
    rows = {}
    for ln in text.splitlines():
        m = re.match(r'^(\w+)\s+(\w)\s+(\S+)\s+(\S+)\s+(\d+)/(\d+)\s+(\S+)$', ln)
        if m:
            rows[m.group(1)] = {'design': m.group(2), 'median': m.group(3),
                                'runs': m.group(4), 'found': int(m.group(5)),
                                'of': int(m.group(6)), 'signature': m.group(7)}
    return rows, text


# ------------------------------------------------------------------ output

def svg_bars(path, title, ylabel, xlabel, categories, series, logscale=False):
    """A gnuplot clustered bar chart (equal values stay visible side by side):
    categories = x labels, series = [(label, [value per category])]."""
    if not shutil.which('gnuplot'):
        return False
    data = path + '.dat'
    with open(data, 'w') as f:
        f.write('x %s\n' % ' '.join('"%s"' % label for label, _ in series))
        for i, cat in enumerate(categories):
            f.write('"%s" %s\n' % (cat, ' '.join(str(v[i]) for _, v in series)))
    cols = ', '.join("'%s' using %d:xtic(1) title columnheader(%d)" % (data, i + 2, i + 2)
                     for i in range(len(series)))
    script = ("set terminal svg size 720,360 dynamic font 'sans,11'\n"
              "set output '%s'\nset title '%s'\nset xlabel '%s'\nset ylabel '%s'\n"
              "set key outside right\nset grid ytics\nset style data histograms\n"
              "set style histogram clustered gap 1\nset style fill solid 0.8 border -1\n"
              "%s\nplot %s\n"
              % (path, title, xlabel, ylabel,
                 'set logscale y\nset yrange [0.1:*]' if logscale else 'set yrange [0:*]',
                 cols))
    subprocess.run(['gnuplot'], input=script, text=True, check=True)
    os.unlink(data)
    return True


def md_table(head, rows):
    out = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    out += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows]
    return '\n'.join(out)


def _find(d, x, p, policy, k, c):
    return next(r for r in d['windows'] if r['design'] == x and r['preset'] == p and
                r['policy'] == policy and r['devices'] == k and r['containers'] == c)


def totals(row):
    per = row['per']
    return (sum(c['msi'] for c in per), sum(c['ram'] for c in per),
            sum(1 for c in per if c['rings'] >= programs.banks(row['preset'])))


def write(out, data):
    import verdict    # the sentences; its own file so that they stay small
    designs, d = data['designs'], data
    chart_dir = out
    os.makedirs(chart_dir, exist_ok=True)
    for f in os.listdir(chart_dir):         # charts of an earlier run
        if f.endswith('.svg'):
            os.unlink(os.path.join(chart_dir, f))
    md = []
    md.append('<!-- SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause -->')
    md.append('# MSI designs A, B, C and D, measured (issue #19)')
    md.append('')
    md.append('Generated by `make msi-report` (`ci/msi-report/report.py`); do not edit: '
              'every number below comes from the run described here, and the verdict '
              'at the end is computed from them.  Raw figures: `%s.json`.'
              % os.path.basename(out))
    md.append('')
    md.append(md_table(['', ''], [
        ('date (UTC)', d['date']), ('git', d['git']), ('load average at start / end',
                                                        '%.1f / %.1f' % (d['load0'], d['load1'])),
        ('wall time', '%d s' % d['wall']),
        ('windows per container', '%d (aperture %d MiB, 2 MiB windows)' % (N, N * 2)),
        ('fuzzing', d['ttd_how'])]))
    md.append('')
    md.append('The designs, from `include/t2/msi_designs.def` (spec sections in docs/spec.md):')
    md.append('')
    md.append(md_table(['design', 'spec', 'how bank windows come to exist'],
                       [(x, s, t) for x, s, t in d['design_table']]))
    for x, _, _ in d['design_table']:
        if x not in designs:
            md.append('')
            md.append('Design %s is not measured: %s.' % (x, (
                'the simulator does not implement it (its platform is refused)'
                if not measure.implemented(x) else
                'no MSI set-up recipe in `ci/msi-report/programs.py`')))
    # ---- windows
    md.append('')
    md.append('## Windows: what MSI takes, what is left for RAM')
    md.append('')
    md.append('Each program (`ci/msi-report/programs.py`) puts k devices round-robin into '
              'c containers, gives each container %d windows of 2 MiB, makes the banks '
              'reachable the way the design does, maps RAM window by window into every '
              'window, and has one device of each container write the doorbell offset of '
              'every window.  The figures are the backend\'s own counters after the last '
              'op (`t2h replay -v`: `msi_windows`, `dma_windows`) and the writes that rang '
              'a bank.  "Complete" counts the containers whose device rang every bank '
              '(a device may take its MSIs from any bank).' % N)
    for p in PRESETS:
        for policy in ('exclusive', 'shared'):
            md.append('')
            md.append('### %s, msi_policy=%s (%d banks)' % (p, policy, programs.banks(p)))
            md.append('')
            head = ['devices / containers'] + ['%s: MSI / RAM / complete' % x for x in designs]
            rows = []
            for k in range(1, 9):
                for c in range(1, min(k, 4) + 1):
                    cells = ['%d / %d' % (k, c)]
                    for x in designs:
                        r = next(r for r in d['windows'] if r['design'] == x and
                                 r['preset'] == p and r['policy'] == policy and
                                 r['devices'] == k and r['containers'] == c)
                        msi, ram, comp = totals(r)
                        cells.append('%d / %d / %d of %d' % (msi, ram, comp, c))
                    rows.append(cells)
            md.append(md_table(head, rows))
    charts = []
    for p in PRESETS:
        # 4 devices in 1..4 containers, exclusive policy: containers that
        # can map RAM at all, and those whose device rings every bank
        series = []
        for what, i in (('can DMA', 1), ('rings every bank', 2)):
            for x in designs:
                vals = []
                for c in range(1, 5):
                    r = _find(d, x, p, 'exclusive', 4, c)
                    vals.append(sum(1 for k in r['per'] if k['ram'] > 0) if i == 1
                                else totals(r)[2])
                series.append(('%s %s' % (x, what), vals))
        name = 'containers-%s.svg' % p
        if svg_bars(os.path.join(chart_dir, name),
                    '4 devices in c containers, %s, exclusive banks' % p,
                    'containers', 'c (containers)', [str(c) for c in range(1, 5)], series):
            charts.append(name)
    if charts:
        md.append('')
        for name in charts:
            md.append('![%s](%s/%s)' % (name, os.path.basename(out), name))
    # ---- setup
    md.append('')
    md.append('## Set-up cost per device')
    md.append('')
    md.append('Counted on the stub until one device has rung every bank: ioctls issued '
              '(`T2_ANNOUNCE`, the program\'s own ops only), fds opened (containers, groups, '
              'devices and any other fd a design adds), and mmaps.  "First" is one device in '
              'one container; "+ same" what a second device in that container adds; '
              '"+ new" what a second device in a second container adds (shared policy, so '
              'that the second container may have banks at all).')
    md.append('')
    head = ['design', 'preset', 'first: ioctls / fds / mmaps', '+ same container',
            '+ new container']
    rows = []
    for x in designs:
        for p in PRESETS:
            g = d['setup'][x][p]

            def fmt(c):
                return '-' if not c else '%d / %d / %d' % (c['ioctls'], c['fds'], c['mmaps'])

            def diff(a, b):
                if not a or not b:
                    return '-'
                return '+%d / +%d / +%d' % (b['ioctls'] - a['ioctls'], b['fds'] - a['fds'],
                                            b['mmaps'] - a['mmaps'])
            rows.append((x, p, fmt(g['first']), diff(g['first'], g['same']),
                         diff(g['first'], g['new'])))
    md.append(md_table(head, rows))
    md.append('')
    md.append('The corpus programs of each design that set a device up (the cheapest three; '
              'the count runs to the write that rings the last bank):')
    md.append('')
    rows = []
    for x in designs:
        for c in d['setup'][x]['corpus']:
            rows.append((x, '`%s`' % c['path'], c['ioctls'], c['fds'], c['mmaps']))
        if not d['setup'][x]['corpus']:
            rows.append((x, 'none of its corpus programs has one device ring every bank',
                         '-', '-', '-'))
    md.append(md_table(['design', 'program', 'ioctls', 'fds', 'mmaps'], rows))
    # ---- defects
    md.append('')
    md.append("## Natural defects: what they break, how fast the fuzzer finds them")
    md.append('')
    md.append(d['defects_how'])
    md.append('')
    rows = []
    kill, ttd, ttd_d = d['kill'], d['ttd'], d.get('ttd_d')

    def when(t):
        return ('%s s %s' % (t['median'], t['runs'])) if t else '-'
    for name, x, summary in d['switch_table']:
        if x not in designs:
            rows.append((name, x, summary, 'design not measured', '-', '-', '-', '-'))
            continue
        k = kill.get('switches', {}).get(name) if kill else None
        tests = sorted(set(t for ts in (k['tests'].values() if k else []) for t in ts))
        iso = [r for r in d['rules'].get(name, []) if r.startswith(('INV-', 'ISO-'))]
        t = ttd.get(name) if ttd else None
        td = ttd_d.get(name) if ttd_d else None
        # and the invariant the fuzzer saw broken, when its signature names one
        for f in (t, td):
            r = f['signature'].split(':')[0] if f else ''
            if r.startswith(('INV-', 'ISO-')) and r not in iso:
                iso.append(r + ' (fuzzer)')
        rows.append((name, x, summary,
                     ('killed by %d' % len(tests)) if tests else ('SURVIVED' if k else '-'),
                     ' '.join(iso) or 'none',
                     '`%s`' % t['signature'] if t else '-', when(t), when(td)))
    if rows:
        md.append(md_table(['switch', 'design', 'defect', 'suite',
                            'isolation invariants the failing tests cite (and the fuzzer saw)',
                            'fuzzer signature (fastest run)',
                            'time to find from every seed: median [runs], s',
                            'from design D seeds only'], rows))
    else:
        md.append('designs2013.def has no switch yet.')
    tsw = [(name, x) for name, x, _ in d['switch_table'] if ttd and name in ttd]
    if tsw:
        def sec(t):
            v = t['median'] if t else 'inf'
            cap = float(os.environ.get('MSI_REPORT_CAP', '60'))
            return cap * 2 if v in ('inf', '-') else max(float(v), 0.1)
        series = [('from every seed', [sec(ttd.get(n)) for n, _ in tsw])]
        if ttd_d:
            series.append(('from design D seeds', [sec(ttd_d.get(n)) for n, _ in tsw]))
        if svg_bars(os.path.join(out, 'ttd.svg'), 'Time to find each natural defect '
                    '(median of the runs; twice the cap: not found)', 'seconds (log)',
                    'switch', [n for n, _ in tsw], series, logscale=True):
            md.append('')
            md.append('![ttd.svg](%s/ttd.svg)' % os.path.basename(out))
    if kill:
        md.append('')
        md.append('Per design (`make kill-matrix-designs`, p4080 and t4240):')
        md.append('')
        for x in designs:
            ln = kill['designs'].get(x, {}).get('line')
            md.append('- %s' % (ln or 'design %s: no result' % x))
    # ---- scenario
    md.append('')
    md.append('## "The first user sizes the aperture"')
    md.append('')
    md.append('The reviewer warned that letting user space size its aperture and windows '
              'first "seems prone to exploitation by the first userspace to allocate its '
              'aperture".  Measured (`programs.scenario`): container 1 (six devices, seven '
              'LIODNs) sets up first: it asks for 256 windows, halving until '
              'SET_ATTR(WINDOWS) succeeds (the SPAACE pool, shared by the platform, '
              'decides), and takes every bank the design lets it take.  Then container 2 '
              '(two devices, two LIODNs) does the same with what is left, maps RAM into '
              'every window it can and rings every doorbell offset.  Two pools: 512 SPAACEs '
              'and 8.  What each got:')
    md.append('')
    rows = []
    for s in d['scenario']:
        rows.append((s['design'], s['preset'], s['policy'],
                     s['pool'],
                     s['c1_windows'], s['c1_msi'], s['c2_windows'], s['c2_msi'],
                     s['c2_ram'], '%d of %d' % (s['c2_rings'], programs.banks(s['preset'])),
                     s['c2_first_map']))
    md.append(md_table(['design', 'preset', 'policy', 'SPAACE pool',
                        'c1 windows', 'c1 MSI windows', 'c2 windows', 'c2 MSI windows',
                        'c2 RAM windows', 'banks c2 rings', "c2's first RAM map (window 0)"], rows))
    # ---- verdict
    md.append('')
    md.append('## Verdict')
    md.append('')
    md += verdict.sentences(d)
    md.append('')
    with open(out + '.md', 'w') as f:
        f.write('\n'.join(md))
    with open(out + '.json', 'w') as f:
        json.dump(d, f, indent=1, sort_keys=True)


def main():
    out = os.path.join(ROOT, os.environ.get('MSI_REPORT_OUT', 'docs/msi-designs'))
    skip = set(filter(None, os.environ.get('MSI_REPORT_SKIP', '').split(',')))
    t0 = time.time()
    design_table = table_designs()
    designs = [x for x, _, _ in design_table
               if x in programs.RECIPES and measure.implemented(x)]
    if os.environ.get('MSI_REPORT_DESIGNS'):
        designs = [x for x in designs if x in os.environ['MSI_REPORT_DESIGNS'].split(',')]
    d = {'date': time.strftime('%Y-%m-%d %H:%M', time.gmtime()),
         'git': subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip(),
         'load0': load(), 'designs': designs, 'design_table': design_table,
         'switch_table': table_switches()}
    print('msi-report: windows (%s)' % ' '.join(designs), flush=True)
    d['windows'] = part_windows(designs)
    print('msi-report: set-up cost', flush=True)
    d['setup'] = part_setup(designs)
    print('msi-report: scenario', flush=True)
    d['scenario'] = part_scenario(designs)
    print('msi-report: rules each switch breaks', flush=True)
    d['rules'] = part_rules([sw for sw in d['switch_table'] if sw[1] in designs])
    if 'kill' in skip:
        d['kill'], d['kill_text'] = None, ''
    else:
        print('msi-report: make kill-matrix-designs', flush=True)
        d['kill'], d['kill_text'] = part_kill()
    cap = os.environ.get('MSI_REPORT_CAP', '60')
    runs = os.environ.get('MSI_REPORT_RUNS', '3')
    d['ttd'] = d['ttd_d'] = None
    if 'ttd' in skip:
        d['ttd_how'] = 'not run this time (MSI_REPORT_SKIP=ttd)'
    else:
        how = []
        for mode, reuse, what in TTD_MODES:
            print('msi-report: fuzzers/ttd-designs.sh TTD_SEEDS=%s (cap %s s, %s runs)'
                  % (mode, cap, runs), flush=True)
            key = 'ttd' if mode == 'all' else 'ttd_' + mode
            d[key], d[key + '_text'] = part_ttd(mode, reuse)
            first = d[key + '_text'].splitlines()[:1]
            how.append('%s (%s)' % (what, first[0].lstrip('# ') if first else 'no output'))
        d['ttd_how'] = ('fuzzers/ttd-designs.sh: libFuzzer (ASan+UBSan) target msi, each '
                        'switch alone, %s runs (seeds 1..%s), %s s cap, a run that finds '
                        'nothing counting as infinite; %s' % (runs, runs, cap, '; '.join(how)))
    d['defects_how'] = (
        'Each `designs2013` switch alone on top of spec (`include/t2/designs2013.def`). '
        '"Suite": the conformance tests it makes fail on p4080 and t4240 (`make '
        'kill-matrix-designs`); the isolation invariants (INV-n, ISO-n of spec sections 14 '
        'and 18) among the rules those failing tests cite.  The signature '
        'is the first finding of the fastest run (`RULE:op:detail`, docs/fuzzing.md): an '
        'INV-n there is the invariant of spec section 18 the fuzzer saw broken.  Time: '
        + d['ttd_how'] + '.')
    d['load1'] = load()
    d['wall'] = int(time.time() - t0)
    write(out, d)
    print('msi-report: wrote %s.md (%d s, load %.1f)' % (os.path.relpath(out, ROOT), d['wall'],
                                                          d['load1']))


if __name__ == '__main__':
    try:
        main()
    except measure.ReportError as e:
        print('msi-report: %s' % e, file=sys.stderr)
        sys.exit(1)
