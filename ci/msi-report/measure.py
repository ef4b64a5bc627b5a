# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
"""measure.py - runs the programs of programs.py on the stub and reads what
the backend answered (ci/msi-report, docs/msi-designs.md).

Everything here comes from `t2h replay -v` (each op's return value and, after
the last op, each live container's T2SIM_COUNTERS) and from T2_ANNOUNCE (the
ioctls a program really issues).  A program whose verdict is not `pass` is an
error of the report: the design's implementation broke a rule while being
measured, so its numbers would mean nothing.
"""

import errno
import glob
import os
import re
import subprocess
import tempfile

import programs

T2H = os.environ.get('T2H', 'build/gcc/t2h')

OP_LINE = re.compile(r'^\s*(\d+) (.*)$')
RET_LINE = re.compile(r'^\s+-> (-?\d+) \(oracle')
COUNTERS = re.compile(r'^\s+counters c(\d+): (.*)$')
HIT_MSIIR = 0x200       # write ops return result | msi_flags << 8 (INTRO-5)


class ReportError(Exception):
    pass


def replay(text, env=None):
    """Runs one program text; returns ([(op text, ret)], {cidx: counters})."""
    with tempfile.NamedTemporaryFile('w', suffix='.t2p', delete=False) as f:
        f.write(text)
        path = f.name
    try:
        e = dict(os.environ)
        for v in ('T2_PLATFORM', 'T2_DEFECTS', 'T2_PERSONALITY', 'T2_BACKEND', 'T2_OBSERVE'):
            e.pop(v, None)
        e.update(env or {})
        out = subprocess.run([T2H, 'replay', '-v', path], env=e, capture_output=True,
                             text=True, check=False)
    finally:
        os.unlink(path)
    if not out.stdout.rstrip().endswith('pass (%d ops)' % text_ops(text)):
        raise ReportError('program did not pass:\n%s\n%s%s' % (text, out.stdout[-2000:],
                                                                 out.stderr[-1000:]))
    return parse_trace(out.stdout)


def text_ops(text):
    return sum(1 for ln in text.splitlines()
               if ln.strip() and not ln.startswith(('#', 'platform ', 'profile ')))


def parse_trace(stdout):
    ops, counters, cur = [], {}, None
    for ln in stdout.splitlines():
        m = COUNTERS.match(ln)
        if m:
            counters[int(m.group(1))] = {k: int(v) for k, v in
                                         (kv.split('=') for kv in m.group(2).split())}
            continue
        m = RET_LINE.match(ln)
        if m and cur is not None:
            ops.append((cur, int(m.group(1))))
            cur = None
            continue
        m = OP_LINE.match(ln)
        if m:
            cur = m.group(2)
    return ops, counters


def implemented(design):
    """The stub accepts msi_design=design (spec 9a refuses one it does not
    implement yet)."""
    e = dict(os.environ, T2_PLATFORM='p4080,msi_design=%s' % design)
    return subprocess.run([T2H, 'info'], env=e, capture_output=True).returncode == 0


def rings_per_container(ops, devices, containers):
    """Windows whose doorbell offset rings a bank when the container's first
    device writes it (the scan at the end of each program)."""
    rings = {c: 0 for c in range(containers)}
    for op, ret in ops:
        m = re.match(r'write g(\d+) ', op)
        if m and ret >= 0 and ret & HIT_MSIIR:
            rings[int(m.group(1)) % containers] += 1
    return rings


def windows(design, preset, devices, containers, n, policy='exclusive'):
    ops, cnt = replay(programs.setup(design, preset, devices, containers, n, policy))
    rings = rings_per_container(ops, devices, containers)
    per = []
    for c in range(containers):
        k = cnt.get(c)
        if k is None:
            raise ReportError('no counters for c%d (%s %s %d/%d)' %
                              (c, design, preset, devices, containers))
        per.append({'windows': k['windows'], 'msi': k['msi_windows'],
                    'ram': k['dma_windows'], 'rings': rings[c]})
    return per


def count_ioctls(text):
    """The ioctls a program issues on the stub (T2_ANNOUNCE, program ops only)."""
    with tempfile.TemporaryDirectory() as d:
        prog = os.path.join(d, 'p.t2p')
        ann = os.path.join(d, 'announce')
        with open(prog, 'w') as f:
            f.write(text)
        e = dict(os.environ, T2_OBSERVE='none', T2_ANNOUNCE=ann)
        for v in ('T2_PLATFORM', 'T2_DEFECTS', 'T2_PERSONALITY', 'T2_BACKEND'):
            e.pop(v, None)
        subprocess.run([T2H, 'replay', prog], env=e, capture_output=True, check=False)
        with open(ann) as f:
            return sum(1 for ln in f if ' ioctl ' in ln)


FD_OP = re.compile(r'^([a-ac-z]\d+) = ')         # a handle that is not a buffer


def setup_cost(text, banks):
    """Up to the write after which one device has rung `banks` distinct
    doorbell pages (a device may take its MSIs from any bank): ioctls
    issued, fds opened and mmaps, or None when it never gets there."""
    ops, _ = replay(text)
    rung, first = {}, None
    for i, (op, ret) in enumerate(ops):
        m = re.match(r'write (g\d+) (\S+)', op)
        if m and ret >= 0 and ret & HIT_MSIIR:
            rung.setdefault(m.group(1), set()).add(int(m.group(2), 0) >> 12)
            if len(rung[m.group(1)]) >= banks:
                first = i
                break
    if first is None:
        return None
    body = [ln for ln in text.splitlines()
            if ln.strip() and not ln.startswith('#')]
    head = [ln for ln in body if ln.startswith(('platform ', 'profile '))]
    prog = [ln for ln in body if not ln.startswith(('platform ', 'profile '))]
    upto = prog[:first + 1]
    fds = sum(1 for (op, ret) in ops[:first] if FD_OP.match(op) and ret >= 0)
    mmaps = sum(1 for (op, ret) in ops[:first]
                if (op.split(' = ')[-1]).startswith('mmap'))
    return {'ioctls': count_ioctls('\n'.join(head + upto) + '\n'), 'fds': fds,
            'mmaps': mmaps, 'ops': first + 1}


def corpus_setups(design, root='corpus'):
    """The corpus programs of this design that set a device up (one whose
    write rings a doorbell), each with its cost; the cheapest first."""
    found = []
    for path in sorted(glob.glob(os.path.join(root, '*', '*.t2p'))):
        if '/regress/' in path or '/parsers/' in path:
            continue
        with open(path) as f:
            text = f.read()
        m = re.search(r'^platform (\S+)', text, re.M)
        plat = m.group(1) if m else 'p4080'
        d = re.search(r'msi_design=([A-Za-z])', plat)
        preset = plat.split(',')[0]
        if (d.group(1).upper() if d else 'D') != design or 'block ' in text \
                or 'race_msi' in text:
            continue
        try:
            cost = setup_cost(text, programs.banks(preset))
        except ReportError:
            continue
        if cost:
            found.append((cost['ioctls'], path, cost))
    found.sort()
    return found


def probe_windows(ops, c):
    """The window count of container c's probe: its first SET_ATTR(WINDOWS)
    that succeeded (None if none did)."""
    for op, ret in ops:
        m = re.match(r'set_windows c%d (\d+)$' % c, op)
        if m and ret == 0:
            return int(m.group(1))
    return None


def errname(ret):
    return 'success' if ret >= 0 else errno.errorcode.get(-ret, str(ret))


def scenario(design, preset, policy, greedy_pool):
    """programs.scenario in three runs: container 1's window probe, container
    2's, then the whole set-up; what each container got."""
    ops, _ = replay(programs.scenario(design, preset, policy, greedy_pool))
    n1 = probe_windows(ops, 0)
    if n1 is None:
        raise ReportError('scenario %s %s: container 1 got no window count' % (design, preset))
    ops, _ = replay(programs.scenario(design, preset, policy, greedy_pool, n1))
    n2 = probe_windows(ops, 1)
    if n2 is None:
        raise ReportError('scenario %s %s: container 2 got no window count' % (design, preset))
    ops, cnt = replay(programs.scenario(design, preset, policy, greedy_pool, n1, n2))
    # container 2's first RAM map: window 0 from its RAM buffer
    first_map = next(ret for op, ret in ops if re.match(r'map_dma c1 b\d+(\+0x0)? 0x0 ', op))
    rings = set()
    for op, ret in ops:
        m = re.match(r'write g\d+ (\S+)', op)
        if m and ret >= 0 and ret & HIT_MSIIR:
            rings.add(int(m.group(1), 0) >> 12)
    return {'c1_windows': cnt[0]['windows'], 'c1_msi': cnt[0]['msi_windows'],
            'c2_windows': cnt[1]['windows'], 'c2_msi': cnt[1]['msi_windows'],
            'c2_ram': cnt[1]['dma_windows'], 'c2_rings': len(rings),
            'c2_first_map': errname(first_map)}
