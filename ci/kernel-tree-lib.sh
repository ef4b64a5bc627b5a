# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-tree-lib.sh - sourced by ci/uml-build.sh and ci/ppc-kernel-build.sh:
# a kernel tree built from Debian's linux-source-6.1 once per machine, cached
# under OUT/src and rebuilt only when what it is built from changes (the
# source tarball, the files named to kt_cached, the build script, this file).
# Messages go to stderr; the tree's path is the one line on stdout.
#   kt_init NAME OUT           NAME for messages; the tree goes to OUT/src
#   kt_source TAR HINT         sets kt_tar: TAR when set, else Debian's
#                              tarball; none: exits 1 saying HINT
#   kt_cached CHECK FILE...    the cache key of kt_tar and the FILEs' contents
#                              (never their paths); a tree with that key
#                              whose CHECK file exists: prints it, exits 0
#   kt_extract                 OUT emptied, kt_tar extracted to OUT/src
#   kt_config_kept FRAG        every line of the config fragment FRAG
#                              survived in the tree's .config, or exits 1
#   kt_make_logged WHAT ARGS...  make -s -C SRC ARGS into OUT/build.log;
#                              a failure shows its tail and exits 1
#   kt_done                    records the key; prints the time and the tree
kt_lib=${BASH_SOURCE[0]}

kt_init() {
	kt_name=$1 kt_out=$2
	kt_src=$kt_out/src
	kt_t0=$SECONDS
}

kt_source() {
	kt_tar=$1
	if [ -z "$kt_tar" ]; then
		kt_tar=$(compgen -G '/usr/src/linux-source-6.1.tar.*' | head -n1 || true)
	fi
	if [ -z "$kt_tar" ] || [ ! -r "$kt_tar" ]; then
		echo "$kt_name: no kernel source tarball ($2)" >&2
		exit 1
	fi
}

kt_cached() {
	local check=$1
	shift
	kt_key=$( { stat -c '%n %s %Y' "$kt_tar"; cat "$@" "$0" "$kt_lib"; } | sha256sum | cut -c1-16)
	if [ -f "$kt_out/stamp" ] && [ "$(cat "$kt_out/stamp")" = "$kt_key" ] && [ -e "$kt_src/$check" ]; then
		echo "$kt_name: cached ($kt_src)" >&2
		echo "$kt_src"
		exit 0
	fi
}

kt_extract() {
	local top_dir

	kt_t0=$SECONDS
	rm -rf "$kt_out"
	mkdir -p "$kt_out/extract"
	echo "$kt_name: extracting $kt_tar" >&2
	tar -xf "$kt_tar" -C "$kt_out/extract"
	top_dir=$(find "$kt_out/extract" -mindepth 1 -maxdepth 1 -type d | head -n1)
	mv "$top_dir" "$kt_src"
	rmdir "$kt_out/extract"
}

# A silently dropped option would build a kernel without, say, KASAN or the
# qemu platform that still "passes" or never boots.
kt_config_kept() {
	local line opt
	while read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qx "$line" "$kt_src/.config" || { echo "$kt_name: config lost '$line'" >&2; exit 1; } ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }; opt=${opt%% *}
			! grep -q "^$opt=" "$kt_src/.config" || { echo "$kt_name: config forced '$opt' on" >&2; exit 1; } ;;
		esac
	done < "$1"
}

kt_make_logged() {
	echo "$kt_name: building $1" >&2
	shift
	make -s -C "$kt_src" "$@" >"$kt_out/build.log" 2>&1 || {
		tail -n 40 "$kt_out/build.log" >&2
		echo "$kt_name: build failed (full log: $kt_out/build.log)" >&2
		exit 1
	}
}

kt_done() {
	echo "$kt_key" > "$kt_out/stamp"
	echo "$kt_name: built in $((SECONDS - kt_t0)) s" >&2
	echo "$kt_src"
}
