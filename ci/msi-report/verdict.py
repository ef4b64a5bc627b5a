# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
"""verdict.py - the closing section of docs/msi-designs.md: sentences whose
every claim is computed from the measured tables (report.py's data), so that
a rerun that measures something else says something else.  No design is
named here by hand."""

import programs


def _row(d, x, p, policy, k, c):
    return next(r for r in d['windows'] if r['design'] == x and r['preset'] == p and
                r['policy'] == policy and r['devices'] == k and r['containers'] == c)


def _names(xs):
    xs = list(xs)
    return ', '.join(xs[:-1]) + ' and ' + xs[-1] if len(xs) > 1 else (xs[0] if xs else 'none')


def _best(scores, low=True):
    """The designs with the best score, and the score."""
    v = (min if low else max)(scores.values())
    return [x for x, s in scores.items() if s == v], v


def sentences(d):
    designs = d['designs']
    out = []
    if not designs:
        return ['Nothing was measured.']
    # windows: MSI cost per container, 8 devices in 4 containers, shared policy
    for p in programs_presets(d):
        msi = {}
        for x in designs:
            r = _row(d, x, p, 'shared', 8, 4)
            msi[x] = sum(c['msi'] for c in r['per'])
        best, v = _best(msi)
        out.append('- **Windows (%s).** With 8 devices in 4 containers (shared policy) MSI '
                   'takes %s windows of %d; fewest: %s (%d).'
                   % (p, ', '.join('%s %d' % (x, msi[x]) for x in designs),
                      4 * d_n(d), _names(best), v))
    # exclusive policy: containers after the first with MSI
    for p in programs_presets(d):
        comp = {}
        for x in designs:
            r = _row(d, x, p, 'exclusive', 4, 4)
            comp[x] = sum(1 for c in r['per'] if c['rings'] >= programs.banks(p))
        out.append('- **Exclusive banks (%s).** Of 4 containers with a device each, the '
                   'number whose device rings every bank: %s.  Under the exclusive policy '
                   'the bank, not the design, is the scarce resource.'
                   % (p, ', '.join('%s %d' % (x, comp[x]) for x in designs)))
    # set-up cost
    cost = {x: d['setup'][x]['p4080']['first'] for x in designs}
    have = {x: c['ioctls'] + c['mmaps'] for x, c in cost.items() if c}
    if have:
        best, v = _best(have)
        out.append('- **Set-up cost (p4080).** ioctls + mmaps until one device rings every '
                   'bank: %s; fewest: %s; fds: %s.'
                   % (', '.join('%s %d' % (x, have[x]) for x in have), _names(best),
                      ', '.join('%s %d' % (x, cost[x]['fds']) for x in have)))
    # defects
    if d.get('kill'):
        lines = []
        for x in designs:
            k = d['kill']['designs'].get(x)
            if k:
                lines.append('%s %d/%d' % (x, k['killed'], k['total']))
        if lines:
            out.append('- **Natural defects killed by the suite:** %s.' % ', '.join(lines))
    if d.get('ttd'):
        per = {}
        for name, x, _ in d['switch_table']:
            t = d['ttd'].get(name)
            if t:
                per.setdefault(x, []).append(t)
        parts = []
        for x in sorted(per):
            found = sum(1 for t in per[x] if t['median'] not in ('-', 'inf'))
            parts.append('%s %d of %d' % (x, found, len(per[x])))
        if parts:
            out.append('- **Found by the fuzzer within the cap (median of the runs):** %s.'
                       % ', '.join(parts))
    # the first user
    sc = [s for s in d['scenario'] if s['policy'] == 'exclusive']
    starved = sorted(set(s['design'] for s in sc if s['c2_rings'] == 0))
    if starved:
        out.append('- **First user (exclusive policy).** Container 2 rings no bank at all '
                   'under %s: whoever sets up first takes the banks; the reviewer\'s concern '
                   'holds for every design that lets one container own a bank.'
                   % _names(starved))
    small = [s for s in d['scenario'] if s['pool'] == min(x['pool'] for x in d['scenario'])]
    if small:
        out.append('- **First user, small SPAACE pool.** Container 1 took %s windows, '
                   'container 2 got %s; container 2\'s RAM windows per design (shared '
                   'policy): %s.'
                   % (_names(sorted(set(str(s['c1_windows']) for s in small))),
                      _names(sorted(set(str(s['c2_windows']) for s in small))),
                      ', '.join('%s %s %d' % (s['design'], s['preset'], s['c2_ram'])
                                for s in small if s['policy'] == 'shared')))
    out.append('')
    out.append('What a maintainer takes away: the design decides how many windows and '
               'calls MSI costs (the rows above), not who gets the banks: with exclusive '
               'banks the first user wins under every measured design, so bank ownership '
               'needs its own policy (the `msi_policy` key), whatever design is merged.'
               if starved and set(starved) == set(designs) else
               'What a maintainer takes away: see the rows above; the designs differ in '
               'who gets the banks as well as in what MSI costs.')
    return out


def programs_presets(d):
    return sorted(set(r['preset'] for r in d['windows']))


def d_n(d):
    return d['windows'][0]['per'][0]['windows']
