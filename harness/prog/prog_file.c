/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_file.c - the program file loader (prog.h, "files"): reads a file or a
 * pipe, tells the text form from the binary one (t2p_file_form: t2h's rule,
 * which the replay mains share) and decodes it with prog_text.c or
 * prog_bin.c.  Apart from the model (prog.c), which the two forms use: the
 * loader sits above them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "prog/prog.h"

int t2p_read_file(const char *path, uint8_t **data, size_t *len)
{
	FILE *f;
	struct stat st;
	uint8_t *buf = NULL, *nb;
	size_t cap = 0, n = 0, got;
	int r = 0;

	/*
	 * A regular file, or a pipe / FIFO read once to EOF (`t2h replay <(...)`).
	 * A directory or a device is refused before it is opened: opening a
	 * device node may do something, reading /dev/zero never ends.
	 */
	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return -T2P_ENOTFILE;
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (cap > (64u << 20)) {
				r = -EFBIG;
				break;
			}
			nb = realloc(buf, cap + 1);
			if (!nb) {
				r = -ENOMEM;
				break;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				r = -EIO;
			break;
		}
	}
	fclose(f);
	if (r) {
		free(buf);
		return r;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return -ENOMEM;
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

size_t t2p_utf8_len(const uint8_t *s, size_t n)
{
	size_t k, need;
	uint32_t cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return s[0] ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (k = 1; k < need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing above U+10FFFF */
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

int t2p_looks_binary(const uint8_t *data, size_t len)
{
	size_t i, k;

	for (i = 0; i < len; i++) {
		uint8_t c = data[i];

		if (c == '\n' || c == '\t' || c == '\r')
			continue;
		if (c >= 0x80 && (k = t2p_utf8_len(data + i, len - i)) > 0) {
			i += k - 1;     /* UTF-8 text (an accent in a comment) */
			continue;
		}
		if (c < 0x20 || c > 0x7e)
			return 1;
	}
	return 0;
}

/*
 * A name libFuzzer gives: a corpus file is the SHA-1 of its bytes (40 hex
 * digits), an artifact that with a prefix ("crash-", "leak-", "timeout-",
 * "oom-", "slow-unit-").
 */
static int libfuzzer_name(const char *path)
{
	static const char *const prefix[] = { "", "crash-", "leak-", "timeout-", "oom-",
					      "slow-unit-" };
	const char *base = strrchr(path, '/');
	size_t i, k, n;

	base = base ? base + 1 : path;
	for (k = 0; k < sizeof(prefix) / sizeof(prefix[0]); k++) {
		n = strlen(prefix[k]);
		if (strncmp(base, prefix[k], n) || strlen(base + n) != 40)
			continue;
		for (i = 0; i < 40; i++)
			if (!strchr("0123456789abcdef", base[n + i]))
				break;
		if (i == 40)
			return 1;
	}
	return 0;
}

int t2p_file_form(const char *path, const uint8_t *data, size_t len, int form)
{
	size_t n = path ? strlen(path) : 0;

	if (form == T2P_FORM_TEXT || form == T2P_FORM_BINARY)
		return form;
	/* *.t2p is the text form's name: a stray byte in it is a text error
	 * (reported with its line:col), never a reason to decode it as binary */
	if (n >= 4 && !strcmp(path + n - 4, ".t2p"))
		return T2P_FORM_TEXT;
	/* the fuzz targets decode every input as binary, printable or not */
	if (n >= 4 && !strcmp(path + n - 4, ".bin"))
		return T2P_FORM_BINARY;
	if (path && libfuzzer_name(path))
		return T2P_FORM_BINARY;
	return t2p_looks_binary(data, len) ? T2P_FORM_BINARY : T2P_FORM_TEXT;
}

int t2p_load_as(const char *path, int form, struct t2p_prog *p, char *err, size_t errlen)
{
	uint8_t *data;
	size_t len;
	int r;

	r = t2p_read_file(path, &data, &len);
	if (r) {
		snprintf(err, errlen, "%s: %s", path, t2p_read_strerror(r));
		return r;
	}
	r = t2p_load_bytes(path, data, len, form, p, err, errlen, NULL, 0);
	free(data);
	return r;
}

const char *t2p_read_strerror(int r)
{
	if (r == -EISDIR)
		return "is a directory, not a program file";
	if (r == -T2P_ENOTFILE)
		return "not a regular file or a pipe (a device, a socket?): refused";
	return strerror(-r);
}

int t2p_load_bytes(const char *path, const uint8_t *data, size_t len, int form,
		   struct t2p_prog *p, char *err, size_t errlen, char *note, size_t notelen)
{
	struct t2p_decode_info info;

	if (note && notelen)
		note[0] = '\0';
	if (t2p_file_form(path, data, len, form) != T2P_FORM_BINARY)
		return t2p_parse((const char *)data, len, path, p, err, errlen);
	t2p_decode_info(data, len, p, &info);
	if (!note || !notelen)
		return 0;
	/* the decoder takes every byte string; say when it made little of it */
	if (len == 0)
		snprintf(note, notelen, "%s: empty input: the empty program (0 ops)", path);
	else if (info.cut)
		snprintf(note, notelen, "%s: cut at %u ops: the last %zu of %zu bytes are not "
			 "decoded", path, T2P_MAX_OPS, len - info.used, len);
	else if (info.truncated)
		snprintf(note, notelen, "%s: truncated: the input ends inside %s (%zu bytes; "
			 "missing bytes read as 0)", path, p->nops ? "its last op" : "the header",
			 len);
	else if (p->nops == 0)
		snprintf(note, notelen, "%s: %zu bytes decode to no op (padding or a header "
			 "alone): the empty program", path, len);
	return 0;
}

int t2p_load(const char *path, struct t2p_prog *p, char *err, size_t errlen)
{
	return t2p_load_as(path, T2P_FORM_AUTO, p, err, errlen);
}
