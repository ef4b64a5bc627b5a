# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
"""verdict.py - the closing section of docs/msi-designs.md: one summary row
per design and sentences whose every claim is computed from the measured
tables (report.py's data), so that a rerun that measures something else says
something else.  No design is named here by hand."""

import programs


def _row(d, x, p, policy, k, c):
    return next(r for r in d['windows'] if r['design'] == x and r['preset'] == p and
                r['policy'] == policy and r['devices'] == k and r['containers'] == c)


def _names(xs):
    xs = list(xs)
    if not xs:
        return 'none'
    return ', '.join(xs[:-1]) + ' and ' + xs[-1] if len(xs) > 1 else xs[0]


def _num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return float('inf')


def summary(d):
    """{design: figures} for the summary table, on p4080."""
    out = {}
    p = 'p4080'
    nb = programs.banks(p)
    for x in d['designs']:
        one = _row(d, x, p, 'exclusive', 1, 1)['per'][0]
        excl = _row(d, x, p, 'exclusive', 4, 4)['per']
        shared = _row(d, x, p, 'shared', 4, 4)['per']
        cost = d['setup'][x][p]['first']
        big = max(t['pool'] for t in d['scenario'])
        sc = [s for s in d['scenario'] if s['design'] == x and s['preset'] == p and
              s['policy'] == 'exclusive' and s['pool'] == big]
        scs = [s for s in d['scenario'] if s['design'] == x and s['preset'] == p and
               s['policy'] == 'shared' and s['pool'] == big]
        sw = [t for name, y, _ in d['switch_table'] if y == x
              for t in [(d.get('ttd') or {}).get(name)] if t]
        kill = (d.get('kill') or {}).get('designs', {}).get(x)
        out[x] = {
            'msi_one': one['msi'], 'ram_one': one['ram'], 'n': one['windows'],
            'excl_dma': sum(1 for c in excl if c['ram'] > 0),
            'excl_msi': sum(1 for c in excl if c['rings'] >= nb),
            'shared_msi': sum(1 for c in shared if c['rings'] >= nb),
            'ioctls': cost['ioctls'] if cost else None,
            'fds': cost['fds'] if cost else None,
            'mmaps': cost['mmaps'] if cost else None,
            'second_rings': sc[0]['c2_rings'] if sc else None,
            'second_ram': sc[0]['c2_ram'] if sc else None,
            'second_rings_shared': scs[0]['c2_rings'] if scs else None,
            'killed': '%d/%d' % (kill['killed'], kill['total']) if kill else '-',
            'found': sum(1 for t in sw if _num(t['median']) != float('inf')),
            'switches': len(sw),
            'slowest': max((_num(t['median']) for t in sw), default=None),
        }
    return out


def table(d, s):
    head = ['design', 'MSI / RAM windows (1 device, n = %d)' % d_n(d),
            'containers of 4 that can DMA / ring every bank (exclusive)',
            'containers of 4 ringing every bank (shared)',
            'set-up: ioctls / fds / mmaps', 'first-user scenario: banks / RAM windows '
            'container 2 gets (exclusive)', 'defects killed', 'defects found by fuzzing, '
            'slowest median']
    rows = []
    for x, v in s.items():
        rows.append((x, '%d / %d' % (v['msi_one'], v['ram_one']),
                     '%d / %d' % (v['excl_dma'], v['excl_msi']), v['shared_msi'],
                     '-' if v['ioctls'] is None else '%d / %d / %d' % (v['ioctls'], v['fds'],
                                                                     v['mmaps']),
                     '-' if v['second_rings'] is None else
                     '%d / %d' % (v['second_rings'], v['second_ram']),
                     v['killed'],
                     '%d of %d%s' % (v['found'], v['switches'],
                                     '' if v['slowest'] in (None, float('inf')) else
                                     ', %.1f s' % v['slowest']) if v['switches'] else '-'))
    return head, rows


def sentences(d):
    designs = d['designs']
    if not designs:
        return ['Nothing was measured.']
    s = summary(d)
    out = ['Summary on p4080 (the tables above have t4240 too):', '']
    import report
    head, rows = table(d, s)
    out.append(report.md_table(head, rows))
    out.append('')
    # windows
    ram = {x: v['ram_one'] for x, v in s.items()}
    most = max(ram.values())
    msi = {x: v['msi_one'] for x, v in s.items()}
    out.append('- **Windows.** With one device and %d windows, MSI takes %s window(s) and '
               'RAM keeps %s; %s.'
               % (d_n(d), ', '.join('%s %d' % (x, msi[x]) for x in msi),
                  ', '.join('%s %d' % (x, ram[x]) for x in ram),
                  'every design costs the same (one window per bank)'
                  if len(set(ram.values())) == 1 else
                  'most RAM: %s' % _names([x for x in ram if ram[x] == most])))
    # who can DMA under exclusive banks
    dma = {x: v['excl_dma'] for x, v in s.items()}
    ring = {x: v['excl_msi'] for x, v in s.items()}
    out.append('- **Exclusive banks.** Of 4 containers, those that can DMA at all: %s; '
               'those whose device rings every bank: %s.  %s'
               % (', '.join('%s %d' % (x, dma[x]) for x in dma),
                  ', '.join('%s %d' % (x, ring[x]) for x in ring),
                  'Every design lets %d container(s) have MSI: the bank, not the design, is '
                  'the scarce resource.' % min(ring.values()) if len(set(ring.values())) == 1
                  else 'The designs differ here.'))
    blocked = [x for x in dma if dma[x] < 4]
    if blocked:
        out.append('  Under %s, a container without banks cannot even DMA (its enabling '
                   'map fails): the bank policy decides who may use the device at all.'
                   % _names(blocked))
    # set-up cost
    cost = {x: v['ioctls'] + v['mmaps'] for x, v in s.items() if v['ioctls'] is not None}
    if cost:
        low = min(cost.values())
        out.append('- **Set-up cost.** Syscalls (ioctls + mmaps) until one device rings every '
                   'bank: %s; cheapest: %s.' % (', '.join('%s %d' % (x, cost[x]) for x in cost),
                                               _names([x for x in cost if cost[x] == low])))
    # first user
    nb = programs.banks('p4080')
    starved = [x for x, v in s.items() if v['second_rings'] == 0]
    fed = [x for x, v in s.items() if v['second_rings_shared'] == nb]
    if starved:
        out.append('- **The first user.** Under the exclusive policy, container 2 rings no '
                   'bank under %s: whoever enables or maps first holds the banks.  Under the '
                   'shared policy it rings all %d under %s.%s'
                   % (_names(starved), nb, _names(fed),
                      '  So the reviewer\'s concern holds for every measured design with '
                      'exclusive banks, and the bank policy answers it, not the MSI design.'
                      if set(starved) == set(s) and set(fed) == set(s) else ''))
    # defects
    found = [(x, v) for x, v in s.items() if v['switches']]
    if found:
        out.append('- **Defects.** %s.' % '; '.join(
            '%s: killed %s by the suite, %d of %d found by the fuzzer within the cap'
            % (x, v['killed'], v['found'], v['switches']) for x, v in found))
    out.append('')
    out += takeaway(s)
    return out


def takeaway(s):
    """The maintainer's conclusion: the cheapest design (ioctls + mmaps, then
    fds) among those that never stop a container's DMA for want of banks,
    and what sets the others apart; every clause from the summary rows."""
    costed = {x: v for x, v in s.items() if v['ioctls'] is not None}
    if not costed:
        return []
    most_dma = max(v['excl_dma'] for v in costed.values())
    free = {x: v for x, v in costed.items() if v['excl_dma'] == most_dma}

    def key(x):
        return (s[x]['ioctls'] + s[x]['mmaps'], s[x]['fds'])
    best = min(free, key=key)
    others = sorted((x for x in free if x != best), key=key)
    lines = ['**What a maintainer takes away.** %s is the cheapest design that never stops a '
             'container\'s DMA for want of banks: %d syscalls and %d fds to set a device '
             'up%s.' % (best, key(best)[0], s[best]['fds'],
                        ', against %s' % ', '.join('%s %d and %d' % (x, key(x)[0], s[x]['fds'])
                                                   for x in others) if others else '')]
    tied = [x for x in costed if x not in free]
    for x in tied:
        lines.append('%s costs %d syscalls but ties DMA to the banks: with exclusive banks '
                     'only %d of 4 containers could DMA at all.'
                     % (x, key(x)[0], s[x]['excl_dma']))
    if len(set(v['msi_one'] for v in s.values())) == 1:
        lines.append('No design saves a window: each spends %d per container (one per bank).'
                     % next(iter(s.values()))['msi_one'])
    if all(v['second_rings'] == 0 for v in s.values()):
        lines.append('And no design answers the reviewer\'s "first userspace" concern by '
                     'itself: with exclusive banks the first container keeps them under '
                     'each; the bank policy (`msi_policy`) is what answers it.')
    found = sum(v['found'] for v in s.values())
    total = sum(v['switches'] for v in s.values())
    if total:
        lines.append('The harness judges every design with one oracle and one set of '
                     'invariants: the fuzzer found %d of the %d natural defects within the cap.'
                     % (found, total))
    return [' '.join(lines)]


def d_n(d):
    return d['windows'][0]['per'][0]['windows']
