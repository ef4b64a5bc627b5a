# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
"""programs.py - the t2h programs docs/msi-designs.md measures (ci/msi-report).

Each program sets devices up in containers the way one MSI design makes a
device's doorbell banks reachable (issue #19: A implicit windows, B a DMA map
flag, C an MSI fd, D the bank ioctls), then maps RAM window by window and
rings every window's doorbell offset.  What each design's MSI step looks like
is the only per-design knowledge here (RECIPES); the numbers come from running
the programs on the stub (`t2h replay -v`: return values and the backend's
own counters after the last op), never from a formula.
"""

import os
import re
import subprocess

WS = 0x200000                   # window size: 2 MiB hugepages back one window each
DOORBELL = {'p4080': 0x140, 't4240': 0x148}   # MSIIR mod 4096 (spec MSI-4)
# eight devices with distinct LIODNs (the default table shares 0x030 between
# groups 3 and 4, and has six groups): spec PLAT-3 group.N overrides
EIGHT_DEVICES = 'group.4=0x040,group.6=0x060,group.7=0x070'


def banks(preset):
    """msi_banks of a preset, as `t2h info` reports the stub's platform."""
    if preset not in _BANKS:
        env = dict(os.environ, T2_PLATFORM=preset)
        out = subprocess.run([os.environ.get('T2H', 'build/gcc/t2h'), 'info'], env=env,
                             capture_output=True, text=True, check=True).stdout
        _BANKS[preset] = int(re.search(r'msi_banks\s+(\d+)', out).group(1))
    return _BANKS[preset]


_BANKS = {}


def platform(preset, design, policy='exclusive', extra=''):
    p = f'{preset},{EIGHT_DEVICES}'
    if policy != 'exclusive':
        p += f',msi_policy={policy}'
    if extra:
        p += ',' + extra
    if design != 'D':
        p += f',msi_design={design}'
    return p


# --- per design: the ops that make container c's banks reachable for its
# groups, after SET_IOMMU, geometry and windows (n windows from iova 0).
# Each returns a list of text ops; handles it makes use the given counters.

def recipe_d(preset, c, groups, n, h):
    # the vendor kernel's bank ioctls: one MAP_MSI_BANK per bank, in the top
    # windows; window 0 stays for RAM (a user needs one to enable the domain)
    return [f'map_msi c{c} {b} {hex((n - 1 - b) * WS)}'
            for b in range(banks(preset)) if n - 1 - b >= 1]


def recipe_a(preset, c, groups, n, h):
    # implicit: the kernel maps the banks itself at the first DMA map
    return []


def recipe_b(preset, c, groups, n, h):
    # one MAP_DMA with VFIO_DMA_MAP_FLAG_MSI and no vaddr over the top k
    # windows; the kernel picks the banks (MSIB-5); window 0 stays for RAM
    k = min(banks(preset), n - 1)
    if k <= 0:
        return []
    return [f'map_dma c{c} 0x0 {hex((n - k) * WS)} {hex(k * WS)} flags=READ|WRITE|MSI']


def recipe_c(preset, c, groups, n, h):
    # VFIO_GROUP_GET_MSI_FD on the container's first group, one mmap per bank
    # (page b is bank b, MSIC-4, MSIC-5), and a MAP_DMA of each mapping into
    # a top window (MSIC-7); window 0 stays for RAM.  An MSI fd is a `d`
    # handle and each mapping a `b` handle (harness/prog/ops.def).
    if not groups:
        return []
    fd = h['d']
    h['d'] += 1
    ops = [f'd{fd} = msi_fd g{groups[0]}']
    for b in range(banks(preset)):
        if n - 1 - b < 1:
            break
        m = h['b']
        h['b'] += 1
        ops.append(f'b{m} = mmap_msi d{fd} {b} 3')
        ops.append(f'map_dma c{c} b{m} {hex((n - 1 - b) * WS)} {hex(WS)}')
    return ops


RECIPES = {'A': recipe_a, 'B': recipe_b, 'C': recipe_c, 'D': recipe_d}


def opening(plat, containers, home):
    """The first ops of every program: the containers, group g (and its
    device, t2devG) in container home[g], SET_IOMMU on each container."""
    ops = [f'platform {plat}', 'profile msi']
    ops += [f'c{c} = container' for c in range(containers)]
    for g, c in enumerate(home):
        ops += [f'g{g} = group {g}', f'set_container g{g} c{c}']
    ops += [f'set_iommu c{c} TYPE2' for c in range(containers)]
    ops += [f'd{g} = device g{g} t2dev{g}' for g in range(len(home))]
    return ops


def setup(design, preset, devices, containers, n=16, policy='exclusive',
          fill=None, scan=True, extra=''):
    """Text of one program: `devices` devices spread round-robin over
    `containers` containers, each with n windows of WS bytes; RAM mapped
    window by window into the first `fill` windows (default all)."""
    fill = n if fill is None else fill
    h = {'b': 0, 'd': devices}        # next buffer and fd handles (devices: d0..)
    ops = opening(platform(preset, design, policy, extra), containers,
                  [g % containers for g in range(devices)])
    for c in range(containers):
        mine = [g for g in range(devices) if g % containers == c]
        ops.append(f'set_geometry c{c} 0x0 {hex(n * WS - 1)}')
        ops.append(f'set_windows c{c} {n}')
        ops += RECIPES[design](preset, c, mine, n, h)
    for c in range(containers):
        mine = [g for g in range(devices) if g % containers == c]
        if fill:
            b = h['b']
            h['b'] += 1
            ops.append(f'b{b} = alloc 2M {hex(fill * WS)}')
            for w in range(fill):
                ops.append(f'map_dma c{c} b{b}+{hex(w * WS)} {hex(w * WS)} {hex(WS)}')
        if scan and mine:
            for w in range(n):
                ops.append(f'write g{mine[0]} {hex(w * WS + DOORBELL[preset])}')
    return '\n'.join(ops) + '\n'


# --- the "first user sizes the aperture" scenario (report.py part_scenario)
FIRST_GROUPS = range(0, 6)      # container 1: six devices, seven LIODNs
SECOND_GROUPS = range(6, 8)     # container 2: two devices
CANDIDATES = [256 >> i for i in range(9)]     # 256, 128, ..., 1


def scenario(design, preset, policy, pool, n1=None, n2=None):
    """Container 1 sets up first; with n1 (n2) None, that container's part
    ends with its window-count probe: SET_ATTR(WINDOWS) of 256, 128, ... each
    after the geometry that keeps 2 MiB windows, up to the first success
    (the caller finds it in the trace and passes it back)."""
    ops = opening(platform(preset, design, policy, f'spaace_pool={pool}'), 2,
                  [0 if g in FIRST_GROUPS else 1
                   for g in list(FIRST_GROUPS) + list(SECOND_GROUPS)])
    h = {'b': 0, 'd': len(FIRST_GROUPS) + len(SECOND_GROUPS)}
    for c, n, groups in ((0, n1, FIRST_GROUPS), (1, n2, SECOND_GROUPS)):
        if n is None:
            for k in CANDIDATES:
                ops.append(f'set_geometry c{c} 0x0 {hex(k * WS - 1)}')
                ops.append(f'set_windows c{c} {k}')
            return '\n'.join(ops) + '\n'
        ops.append(f'set_geometry c{c} 0x0 {hex(n * WS - 1)}')
        ops.append(f'set_windows c{c} {n}')
        ops += RECIPES[design](preset, c, list(groups), n, h)
    # container 1 enables its domain (one window of RAM); container 2 maps
    # RAM into every window it can and rings every window's doorbell offset
    b = h['b']
    ops.append(f'b{b} = alloc 2M {hex(WS)}')
    ops.append(f'map_dma c0 b{b} 0x0 {hex(WS)}')
    ops.append(f'b{b + 1} = alloc 2M {hex(n2 * WS)}')
    for w in range(n2):
        ops.append(f'map_dma c1 b{b + 1}+{hex(w * WS)} {hex(w * WS)} {hex(WS)}')
    for w in range(n2):
        ops.append(f'write g{SECOND_GROUPS[0]} {hex(w * WS + DOORBELL[preset])}')
    return '\n'.join(ops) + '\n'
