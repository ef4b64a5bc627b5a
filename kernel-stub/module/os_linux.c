// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * os_linux.c - the simulator core's OS shim (kernel-stub/os.h) in a Linux
 * module: kvmalloc, mutexes, copy_{from,to}_user, real fds, pinned user pages
 * (spec DEV-5), the caller's mm->locked_vm, RLIMIT_MEMLOCK and CAP_IPC_LOCK,
 * and the seeded delays at scheduling points (module parameters
 * sched_delay_seed, sched_delay_us, sched_delay_one_in; both modules).
 */
#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/hugetlb.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/atomic.h>
#include <linux/mmap_lock.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "t2mod.h"

/*
 * Allocations never WARN, whatever size the core asks for: sizes can follow
 * from user input (a pin array for a huge window), and a failure is ENOMEM.
 */
#define T2M_ALLOC_MAX (64ul << 20)
/* Largest window the module pins: 4 GiB (an 8 MiB page array). */
#define T2M_PIN_MAX_PAGES (1ull << 20)
/* Pages per pin_user_pages_fast call. */
#define T2M_PIN_CHUNK 512

struct os_env {
	int unused;
};

struct os_env *t2m_env_new(void)
{
	return kzalloc(sizeof(struct os_env), GFP_KERNEL);
}

void t2m_env_free(struct os_env *env)
{
	kfree(env);
}

/* ------------------------------------------------------------ memory */
void *os_zalloc(size_t n)
{
	if (n > T2M_ALLOC_MAX)
		return NULL;
	return kvzalloc(n ? n : 1, GFP_KERNEL | __GFP_NOWARN);
}

void os_free(void *p)
{
	kvfree(p);
}

/* ------------------------------------------------------------ locks */
/*
 * Each lock gets its own lockdep class: the core nests two of its locks
 * (container lock, then domain lock), which one shared class would report
 * as recursive locking.
 */
struct os_lock {
	struct mutex m;
	struct lock_class_key key;
};

struct os_lock *os_lock_new(void)
{
	struct os_lock *l = kzalloc(sizeof(*l), GFP_KERNEL);

	if (!l)
		return NULL;
	lockdep_register_key(&l->key);
	__mutex_init(&l->m, "t2sim_lock", &l->key);
	return l;
}

void os_lock_free(struct os_lock *l)
{
	if (!l)
		return;
	mutex_destroy(&l->m);
	lockdep_unregister_key(&l->key);
	kfree(l);
}

void os_lock(struct os_lock *l)
{
	mutex_lock(&l->m);
}

void os_unlock(struct os_lock *l)
{
	mutex_unlock(&l->m);
}

/*
 * The SDK-B8 yield point: give the CPU away even when the scheduler has not
 * asked for it, so that the race the switch opens shows on one CPU too.  A
 * short sleep lets every runnable thread in; yield() may return at once.
 */
void os_yield(void)
{
	usleep_range(500, 1000);
}

/*
 * Scheduling points (os.h, docs/concurrency.md).  No thread scheduler here:
 * real threads race.  With sched_delay_seed set, one point in
 * sched_delay_one_in (hashed from the seed, the point and a global count)
 * sleeps 1..sched_delay_us microseconds, so that two calls overlap inside
 * each other's check-then-commit windows also in a one-CPU qemu or UML
 * guest.  The count is shared by every caller: the delays are seeded, the
 * interleaving they lead to is not reproducible step for step.
 */
static unsigned long sched_delay_seed;
module_param(sched_delay_seed, ulong, 0644);
MODULE_PARM_DESC(sched_delay_seed,
		 "0 (default): scheduling points cost nothing; else the seed of short sleeps at some of them");
static unsigned int sched_delay_us = 200;
module_param(sched_delay_us, uint, 0644);
MODULE_PARM_DESC(sched_delay_us, "longest sleep at a scheduling point, microseconds (default 200)");
static unsigned int sched_delay_one_in = 4;
module_param(sched_delay_one_in, uint, 0644);
MODULE_PARM_DESC(sched_delay_one_in, "one point in this many sleeps (default 4)");

static atomic64_t sched_delay_count;

void os_sched_point(struct os_env *env, u32 point)
{
	u64 seed = READ_ONCE(sched_delay_seed), z;
	unsigned int us = READ_ONCE(sched_delay_us), one_in = READ_ONCE(sched_delay_one_in);

	if (!seed || !us)
		return;
	/* splitmix64 of (seed, point, count) */
	z = seed + ((u64)point << 40) + (u64)atomic64_inc_return(&sched_delay_count) *
		0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	if (one_in > 1 && z % one_in)
		return;
	us = 1 + (unsigned int)((z >> 16) % us);
	usleep_range(us, us + us / 4 + 1);
}

/* INTRO-8: fail-nth counts the sites reached by the arming thread only. */
u64 os_caller_id(struct os_env *env)
{
	return (u64)task_pid_nr(current);
}

void os_log(struct os_env *env, const char *line)
{
	pr_info("%s\n", line);
}

/* ------------------------------------------------------------ user memory */
int os_copy_from_user(struct os_env *env, void *dst, unsigned long uaddr, size_t n)
{
	return copy_from_user(dst, (const void __user *)uaddr, n) ? -EFAULT : 0;
}

int os_copy_to_user(struct os_env *env, unsigned long uaddr, const void *src, size_t n)
{
	return copy_to_user((void __user *)uaddr, src, n) ? -EFAULT : 0;
}

long os_strnlen_user(struct os_env *env, unsigned long uaddr, size_t max)
{
	/* strnlen_user counts the NUL, returns > max without one, 0 on a fault */
	long r = strnlen_user((const char __user *)uaddr, max);

	if (r <= 0)
		return -EFAULT;
	return r > (long)max ? (long)max : r - 1;
}

/* ------------------------------------------------------------ fds */
int os_fd_lookup(struct os_env *env, int fd, struct t2_file **out)
{
	struct fd f = fdget(fd);
	struct t2_file *tf;

	if (!f.file)
		return -EBADF;
	tf = t2m_core_file(f.file);
	/* A final fput here would be deferred (task work), never synchronous. */
	fdput(f);
	if (!tf)
		return -EINVAL; /* open, but not one of ours: CORE-8 row 5 */
	*out = tf;
	return 0;
}

int os_fd_install(struct os_env *env, struct t2_file *f)
{
	if (t2_file_kind(f) == T2_FILE_MSI)
		return anon_inode_getfd("[t2sim-msi]", &t2m_msi_fops, f, O_RDWR | O_CLOEXEC);
	return anon_inode_getfd("[t2sim-device]", &t2m_device_fops, f, O_RDWR | O_CLOEXEC);
}

/*
 * MSIC-7: the vma holding vaddr is a mapping of one of our MSI fds.  Its
 * file (and so the core file) lives while the vma does; the caller holds the
 * core lock, and a racing munmap's final fput is deferred to task work that
 * closes the core file under that lock, after this call.
 */
int os_msi_lookup(struct os_env *env, u64 vaddr, struct t2_file **f, u32 *bank, u32 *prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int r = -ENOENT;

	if (!mm)
		return -ENOENT;
	mmap_read_lock(mm);
	vma = find_vma(mm, (unsigned long)vaddr);
	if (vma && vma->vm_start <= vaddr && vma->vm_ops == &t2m_msi_vm_ops && vma->vm_file) {
		*f = vma->vm_file->private_data;
		*bank = (u32)(vma->vm_pgoff + ((vaddr - vma->vm_start) >> PAGE_SHIFT));
		*prot = ((vma->vm_flags & VM_READ) ? T2_PROT_READ : 0) |
			((vma->vm_flags & VM_WRITE) ? T2_PROT_WRITE : 0);
		r = 0;
	}
	mmap_read_unlock(mm);
	return r;
}

/* ------------------------------------------------------------ pinning */
size_t os_pin_array_bytes(u64 npages)
{
	if (npages > T2M_PIN_MAX_PAGES)
		npages = 0; /* too large to pin here: os_pin_user reports it unbacked */
	return npages * sizeof(struct page *);
}

/* Pin pages [0, npages) of vaddr; stop at the first page that will not pin. */
static u64 t2m_pin_range(u64 vaddr, u64 npages, struct page **pages)
{
	u64 done = 0;

	while (done < npages) {
		int want = min_t(u64, npages - done, T2M_PIN_CHUNK);
		unsigned long at = vaddr + done * PAGE_SIZE;
		int r;

		r = pin_user_pages_fast(at, want, FOLL_WRITE | FOLL_LONGTERM, pages + done);
		if (r <= 0) /* read-only memory still backs a range */
			r = pin_user_pages_fast(at, want, FOLL_LONGTERM, pages + done);
		if (r <= 0)
			break;
		done += r;
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

int os_pin_user(struct os_env *env, u64 vaddr, u64 len, void *pin_array,
		struct os_pin *pin)
{
	struct page **pages = pin_array;
	u64 npages = len / PAGE_SIZE, i;
	unsigned long pfn0;

	memset(pin, 0, sizeof(*pin));
	pin->status = OS_PIN_UNBACKED;
	if (!len || npages > T2M_PIN_MAX_PAGES || !pages)
		return 0;
	pin->npages = t2m_pin_range(vaddr, npages, pages);
	if (pin->npages)
		pin->phys = page_to_phys(pages[0]);
	if (pin->npages < npages)
		return 0;
	pfn0 = page_to_pfn(pages[0]);
	pin->status = OS_PIN_OK;
	for (i = 1; i < npages; i++) {
		if (page_to_pfn(pages[i]) != pfn0 + i) {
			pin->status = OS_PIN_NONCONTIG;
			break;
		}
	}
	return 0;
}

void os_unpin_user(struct os_env *env, const struct os_pin *pin, void *pin_array,
		   u64 first, u64 count)
{
	struct page **pages = pin_array;

	if (!pages || first >= pin->npages)
		return;
	if (count > pin->npages - first)
		count = pin->npages - first;
	unpin_user_pages(pages + first, count);
}

int os_resolve_user(struct os_env *env, u64 vaddr, u64 *phys, u32 *psize)
{
	struct page *page;

	/*
	 * Neither walk faults a page in: an unbacked page stays unbacked.  The
	 * fast walk needs no lock but some architectures (UML) do not have it.
	 */
	if (get_user_pages_fast_only(vaddr & PAGE_MASK, 1, 0, &page) != 1 &&
	    get_user_pages_unlocked(vaddr & PAGE_MASK, 1, &page, FOLL_NOFAULT) != 1)
		return -EFAULT;
	*phys = page_to_phys(page) + (vaddr & ~PAGE_MASK);
	*psize = PageHuge(page) ? page_size(compound_head(page)) : PAGE_SIZE;
	put_page(page);
	return 0;
}

/* ------------------------------------------------------------ locked pages */
/*
 * ACCT-1: the caller's mm->locked_vm (VmLck).  Changed directly rather than
 * through account_locked_vm(): SDK-B5 drives the count below zero on
 * purpose, which account_locked_vm() would WARN about.  A caller without an
 * mm (a close at exit) has nothing left to account.
 */
s64 os_locked_get(struct os_env *env)
{
	struct mm_struct *mm = current->mm;

	return mm ? (s64)READ_ONCE(mm->locked_vm) : 0;
}

void os_locked_add(struct os_env *env, s64 delta_pages)
{
	struct mm_struct *mm = current->mm;

	if (!mm || !delta_pages)
		return;
	mmap_write_lock(mm);
	mm->locked_vm += (unsigned long)delta_pages;
	mmap_write_unlock(mm);
}

u64 os_memlock_limit(struct os_env *env)
{
	unsigned long lim = rlimit(RLIMIT_MEMLOCK);

	return lim == RLIM_INFINITY ? ~0ull : (u64)lim;
}

bool os_cap_ipc_lock(struct os_env *env)
{
	return capable(CAP_IPC_LOCK);
}
