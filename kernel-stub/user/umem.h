/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * umem.h - the simulated user address space of the in-process simulator
 * (MEM-1..MEM-6): buffers are bookkeeping only, no contents.
 */
#ifndef T2_UMEM_H
#define T2_UMEM_H

#include <stdint.h>
#include "os.h"

struct umem;

int umem_create(struct umem **out, const struct t2sim_platform *p);
void umem_destroy(struct umem *m);
/* Frees every buffer and restarts the layout; no pin may be held. */
void umem_reset(struct umem *m);
/* MEM-1: 0 with *vaddr, -EINVAL (size/kind), -ENOMEM (RAM or address space). */
int umem_alloc(struct umem *m, uint64_t size, uint64_t page_size, uint64_t *vaddr);
/* MEM-5: 0 or -EINVAL (not the start of a live buffer). */
int umem_free(struct umem *m, uint64_t vaddr);
/* Host memory as a buffer (the preload device, kernel-stub/preload): the
 * caller's own mapping [va, va + size) of page_size pages gets a physical run
 * as umem_alloc's would; what it overlaps is forgotten first.  0, -EINVAL
 * (size/kind/alignment) or -ENOMEM. */
int umem_adopt(struct umem *m, uint64_t va, uint64_t size, uint64_t page_size);
/* Every buffer overlapping [va, va + len) stops being a buffer (munmap);
 * runs still pinned stay reserved until unpinned (MEM-5). */
void umem_forget(struct umem *m, uint64_t va, uint64_t len);
/* os_pin_user / os_unpin_user / os_resolve_user behind the shim. */
void umem_pin(struct umem *m, uint64_t vaddr, uint64_t len, struct os_pin *pin);
void umem_unpin(struct umem *m, const struct os_pin *pin, uint64_t count);
int umem_resolve(struct umem *m, uint64_t vaddr, uint64_t *phys, uint32_t *page_size);
/*
 * Mappings of MSI fds (design C, MSIC-5): one page each, at a fresh vaddr
 * with a guard page after it, no frame behind it (resolve and pin see it
 * unbacked: the CPU cannot reach a doorbell, MSIC-6).  map: 0 with *vaddr
 * or -ENOMEM.  unmap: 0, or -EINVAL (not the start of one); *file is the
 * file to close now (its fd was closed and this was its last mapping) or
 * NULL.  lookup: 0 for a vaddr inside one, -ENOENT.  close: the fd of file
 * closes; true if mappings keep it (their last unmap hands it back).
 * drop_closed: forget every mapping of one closed file and return it, NULL
 * when there is none (the instance's close of everything).
 */
int umem_msi_map(struct umem *m, void *file, uint32_t bank, uint32_t prot, uint64_t *vaddr);
int umem_msi_unmap(struct umem *m, uint64_t vaddr, void **file);
int umem_msi_lookup(struct umem *m, uint64_t vaddr, void **file, uint32_t *bank,
		    uint32_t *prot);
bool umem_msi_close(struct umem *m, const void *file);
void *umem_msi_drop_closed(struct umem *m);

#endif /* T2_UMEM_H */
