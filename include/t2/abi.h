/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * abi.h - the "type2" (Freescale PAMU) VFIO IOMMU ioctl ABI, spec section 2.
 *
 * Self-contained (ABI-1): never include <linux/vfio.h> beside it.  Numbers are
 * built with the host's own _IO macro (ABI-2); every size and offset the spec
 * gives is pinned with _Static_assert (ABI-7).  Builds in user space and in a
 * Linux module.
 */
#ifndef T2_ABI_H
#define T2_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/stddef.h>
#else
#include <linux/types.h>
#include <linux/ioctl.h>
#include <stddef.h>
#endif

/* ABI-4: the backend type value; 2 by default, 1000 or 7 by build option. */
#ifndef T2_TYPE2_VALUE
#define T2_TYPE2_VALUE 2
#endif
#if T2_TYPE2_VALUE != 2 && T2_TYPE2_VALUE != 1000 && T2_TYPE2_VALUE != 7
#error "T2_TYPE2_VALUE must be 2, 1000 or 7 (spec ABI-4)"
#endif
#define VFIO_FSL_PAMU_IOMMU T2_TYPE2_VALUE
#define T2_TYPE2_IOMMU T2_TYPE2_VALUE

/* ABI-2 */
#define VFIO_TYPE (';')
#define VFIO_BASE 100

/* ABI-3: the X-macro in ioctls.def is the one list of these numbers. */
#define T2_IOCTL(name, n, fdkind, argkind, st, minsz) \
	enum { name = _IO(VFIO_TYPE, VFIO_BASE + (n)) };
#include "ioctls.def"
#undef T2_IOCTL
/* Each ioctl's minsz (ABI-3) from the same table: T2_MINSZ(VFIO_IOMMU_MAP_DMA). */
#define T2_IOCTL(name, n, fdkind, argkind, minsz, mask) enum { T2_MINSZ_##name = (minsz) };
#include "ioctls.def"
#undef T2_IOCTL
#define T2_MINSZ(name) ((unsigned int)T2_MINSZ_##name)

/* ABI-5 */
#define VFIO_API_VERSION 0
/* MAP_DMA's flag bits: dmaflags.def (READ, WRITE; MSI under design B, MSIB-1) */
#define T2_DMA_FLAG(name, short, bit, design) enum { name = 1u << (bit) };
#include "dmaflags.def"
#undef T2_DMA_FLAG
#define VFIO_GROUP_FLAGS_VIABLE (1u << 0)
#define VFIO_GROUP_FLAGS_CONTAINER_SET (1u << 1)
#define VFIO_ATTR_GEOMETRY 0
#define VFIO_ATTR_WINDOWS 1
#define VFIO_ATTR_PAMU_STASH 2
#define PAMU_ATTR_CACHE_L1 1
#define PAMU_ATTR_CACHE_L2 2
#define PAMU_ATTR_CACHE_L3 3

/* ABI-6: structures, explicit padding, identical on every supported ABI. */
struct vfio_group_status {
	__u32 argsz;
	__u32 flags;
};

struct vfio_iommu_type1_dma_map {
	__u32 argsz;
	__u32 flags;
	__u64 vaddr;
	__u64 iova;
	__u64 size;
};

struct vfio_iommu_type1_dma_unmap {
	__u32 argsz;
	__u32 flags;
	__u64 iova;
	__u64 size;
};

struct vfio_pamu_msi_bank_map {
	__u32 argsz;
	__u32 flags;
	__u32 msi_bank_index;
	__u32 pad0;
	__u64 iova;
};

struct vfio_pamu_msi_bank_unmap {
	__u32 argsz;
	__u32 flags;
	__u64 iova;
};

/* MSIC-2: VFIO_GROUP_GET_MSI_FD (MSI design C); returns the new fd. */
struct vfio_group_msi_fd {
	__u32 argsz;
	__u32 flags;
	__u32 banks;   /* out: banks the fd exposes, one page each (MSIC-4) */
	__u32 pad0;
};

struct vfio_pamu_attr {
	__u32 argsz;
	__u32 flags;
	__u32 attribute;
	__u32 pad0;
	union {
		struct {
			__u64 aperture_start;
			__u64 aperture_end; /* inclusive */
		} attr;
		__u32 windows;
		struct {
			__u32 cpu;
			__u32 cache;
		} stash;
	} attr_info;
};

/* ABI-7: every size and offset of ABI-6. */
#define T2_PIN_SIZE(t, sz) _Static_assert(sizeof(struct t) == (sz), #t " size")
#define T2_PIN_OFF(t, f, off) \
	_Static_assert(offsetof(struct t, f) == (off), #t "." #f " offset")
/*
 * A struct with a __u64 is 8-aligned on every ABI the driver meets (x86-64,
 * ppc32, ppc64; not i386, where __u64 is 4-aligned in structs): a 32-bit
 * process on a 64-bit kernel (COMPAT) passes the same bytes.
 */
#define T2_PIN_ALIGN(t, al) _Static_assert(_Alignof(struct t) == (al), #t " alignment")

T2_PIN_ALIGN(vfio_group_status, 4);
T2_PIN_ALIGN(vfio_iommu_type1_dma_map, 8);
T2_PIN_ALIGN(vfio_iommu_type1_dma_unmap, 8);
T2_PIN_ALIGN(vfio_pamu_msi_bank_map, 8);
T2_PIN_ALIGN(vfio_pamu_msi_bank_unmap, 8);
T2_PIN_ALIGN(vfio_pamu_attr, 8);
T2_PIN_ALIGN(vfio_group_msi_fd, 4);

T2_PIN_SIZE(vfio_group_status, 8);
T2_PIN_OFF(vfio_group_status, argsz, 0);
T2_PIN_OFF(vfio_group_status, flags, 4);

T2_PIN_SIZE(vfio_iommu_type1_dma_map, 32);
T2_PIN_OFF(vfio_iommu_type1_dma_map, argsz, 0);
T2_PIN_OFF(vfio_iommu_type1_dma_map, flags, 4);
T2_PIN_OFF(vfio_iommu_type1_dma_map, vaddr, 8);
T2_PIN_OFF(vfio_iommu_type1_dma_map, iova, 16);
T2_PIN_OFF(vfio_iommu_type1_dma_map, size, 24);

T2_PIN_SIZE(vfio_iommu_type1_dma_unmap, 24);
T2_PIN_OFF(vfio_iommu_type1_dma_unmap, argsz, 0);
T2_PIN_OFF(vfio_iommu_type1_dma_unmap, flags, 4);
T2_PIN_OFF(vfio_iommu_type1_dma_unmap, iova, 8);
T2_PIN_OFF(vfio_iommu_type1_dma_unmap, size, 16);

T2_PIN_SIZE(vfio_pamu_msi_bank_map, 24);
T2_PIN_OFF(vfio_pamu_msi_bank_map, argsz, 0);
T2_PIN_OFF(vfio_pamu_msi_bank_map, flags, 4);
T2_PIN_OFF(vfio_pamu_msi_bank_map, msi_bank_index, 8);
T2_PIN_OFF(vfio_pamu_msi_bank_map, pad0, 12);
T2_PIN_OFF(vfio_pamu_msi_bank_map, iova, 16);

T2_PIN_SIZE(vfio_pamu_msi_bank_unmap, 16);
T2_PIN_OFF(vfio_pamu_msi_bank_unmap, argsz, 0);
T2_PIN_OFF(vfio_pamu_msi_bank_unmap, flags, 4);
T2_PIN_OFF(vfio_pamu_msi_bank_unmap, iova, 8);

T2_PIN_SIZE(vfio_group_msi_fd, 16);
T2_PIN_OFF(vfio_group_msi_fd, argsz, 0);
T2_PIN_OFF(vfio_group_msi_fd, flags, 4);
T2_PIN_OFF(vfio_group_msi_fd, banks, 8);
T2_PIN_OFF(vfio_group_msi_fd, pad0, 12);

T2_PIN_SIZE(vfio_pamu_attr, 32);
T2_PIN_OFF(vfio_pamu_attr, argsz, 0);
T2_PIN_OFF(vfio_pamu_attr, flags, 4);
T2_PIN_OFF(vfio_pamu_attr, attribute, 8);
T2_PIN_OFF(vfio_pamu_attr, pad0, 12);
T2_PIN_OFF(vfio_pamu_attr, attr_info.attr.aperture_start, 16);
T2_PIN_OFF(vfio_pamu_attr, attr_info.attr.aperture_end, 24);
T2_PIN_OFF(vfio_pamu_attr, attr_info.windows, 16);
T2_PIN_OFF(vfio_pamu_attr, attr_info.stash.cpu, 16);
T2_PIN_OFF(vfio_pamu_attr, attr_info.stash.cache, 20);
_Static_assert(sizeof(((struct vfio_pamu_attr *)0)->attr_info) == 16, "attr_info size");

#endif /* T2_ABI_H */
