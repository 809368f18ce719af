#!/usr/bin/env bash
# Builds the base of Whittle's container image, which Jib then puts the jars on (from.image = tar://…): a
# docker-archive tarball with two layers, made without Docker and without pulling anything.
#
#   runtime layer   /opt/java: a Java runtime linked by jlink to the modules the jars use, with the JDK's default
#                   class-data archive (faster start) and its CA certificates (lib/security/cacerts);
#                   /lib64 and /lib/<triplet>: the dynamic loader and the shared libraries the runtime links to,
#                   copied from this host as ldd resolves them, plus libgcc_s, which glibc itself loads for thread
#                   cancellation and stack unwinding; /usr/lib/locale/C.utf8, the locale LANG=C.UTF-8 names.
#   files layer     FILES (src/image/root: /etc/passwd, group, nsswitch.conf, hosts), /tmp (1777) and /data
#                   (0755, owned by 65532:65532, the image's user, so that a new volume there is writable).
#
# Jib could add the runtime itself, but it neither sets owners nor keeps a sticky bit. glibc 2.34 and later
# resolve users, groups and hosts from files and DNS without loading NSS modules, so no other library is needed.
# The tarball is reproducible: names sorted, numeric owners, fixed times and modes.
#
# Usage: base-image.sh JDK LIBDIR FILES WORK TAR EXTRA_MODULES EXCLUDED_MODULES
#   JDK               the JDK (21 or newer) whose jlink and jdeps run and whose runtime the image gets
#   LIBDIR            the application's jars (jdeps reads them)
#   FILES             a directory of files for the files layer, copied as they are
#   WORK              a scratch directory, recreated
#   TAR               the tarball to write
#   EXTRA_MODULES     comma-separated modules to add to those jdeps finds (skipped when the JDK lacks one)
#   EXCLUDED_MODULES  comma-separated modules to leave out although jdeps finds them
set -euo pipefail

if (($# != 7)); then
    echo "usage: base-image.sh JDK LIBDIR FILES WORK TAR EXTRA_MODULES EXCLUDED_MODULES" >&2
    exit 2
fi
jdk=$1 libdir=$2 files=$3 work=$(realpath -m "$4") tar=$(realpath -m "$5") extra=$6 excluded=$7
uid=65532
epoch=@1

die() {
    echo "base-image.sh: $*" >&2
    exit 1
}

# shellcheck source=../../../bin/lib/java.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../../bin/lib/java.sh"
whittle_jdk_ok "$jdk" && [[ -x $jdk/bin/jlink && -x $jdk/bin/jdeps ]] \
    || die "$jdk is not a JDK $WHITTLE_MIN_JAVA or newer with jlink and jdeps: run Maven with JAVA_HOME set to one, or pass -Dwhittle.image.jdk=DIR."
major=$WHITTLE_JDK_MAJOR
for tool in ldd tar sha256sum; do
    command -v $tool >/dev/null || die "$tool is missing: install it (Debian: libc-bin, tar, coreutils), or build without the image (-DskipImage)."
done
shopt -s nullglob
jars=("$libdir"/*.jar)
((${#jars[@]})) || die "no jars in $libdir: package the app assembly first."
[[ -d $files ]] || die "$files is not a directory."

# The modules: what jdeps finds (recursively, over all the jars), plus the extra ones, less the excluded ones.
found=$("$jdk/bin/jdeps" --multi-release "$major" --ignore-missing-deps --print-module-deps -q \
    --class-path "$libdir/*" "${jars[@]}") || die "jdeps could not read the jars in $libdir (its error is above)."
available=" $("$jdk/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ' ') "
declare -A seen=()
IFS=, read -r -a list <<<"$excluded"
for m in "${list[@]}"; do seen[$m]=1; done
modules=()
IFS=, read -r -a list <<<"$found,$extra"
for m in "${list[@]}"; do
    [[ -n $m && -z ${seen[$m]:-} && $available == *" $m "* ]] || continue
    seen[$m]=1
    modules+=("$m")
done
add=$(IFS=,; echo "${modules[*]}")

rm -rf "$work"
runtime=$work/runtime
layer=$work/files
mkdir -p "$runtime/opt" "$layer"
# --generate-cds-archive: the default class-data archive of the linked modules, as a JDK has one.
"$jdk/bin/jlink" --add-modules "$add" --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
    --output "$runtime/opt/java" >/dev/null || die "jlink failed for modules $add (its error is above)."
# The archive for heaps over 32 GB (no compressed oops), 15 MB: the JVM runs without one there.
rm -f "$runtime/opt/java/lib/server/classes_nocoops.jsa"
[[ -s $runtime/opt/java/lib/security/cacerts ]] \
    || die "the runtime has no lib/security/cacerts: use a JDK that ships its CA certificates (Temurin does)."

# The shared libraries the runtime's ELF files load, as this host's loader resolves them.
declare -A host=()
while IFS= read -r -d '' elf; do
    [[ $(head -c 4 "$elf" | od -An -c | tr -d ' ') == 177ELF ]] || continue
    while read -r line; do
        case $line in
            *'=> not found'*)
                # libjvm.so and the like: the runtime's own, which the JVM has loaded before these.
                name=${line%% *}
                [[ -n $(find "$runtime/opt/java" -name "$name" -print -quit) ]] && continue
                die "$name (needed by ${elf#"$runtime"/}) is not installed on this host: install it, or leave out the module that needs it." ;;
            *'=> /'*)
                path=${line#*=> }
                path=${path%% (*} ;;
            /*)
                path=${line%% (*} ;;
            *) continue ;;
        esac
        [[ $path == "$runtime"/* ]] || host[$path]=1
    done < <(ldd "$elf" 2>/dev/null || true)
done < <(find "$runtime/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0)
libc=$(printf '%s\n' "${!host[@]}" | grep -E '/libc\.so\.6$' | head -n 1 || true)
[[ -n $libc ]] || die "ldd named no libc.so.6 for the runtime: the image needs a glibc host to build on."
printf '%s\n' "${!host[@]}" | grep -qE '/ld-linux[^/]*\.so' \
    || die "ldd named no dynamic loader for the runtime: is this host's ldd glibc's?"
gcc_s=${libc%/*}/libgcc_s.so.1
[[ -e $gcc_s ]] && host[$gcc_s]=1
for path in "${!host[@]}"; do
    mkdir -p "$runtime${path%/*}"
    cp -L "$path" "$runtime$path"
done
locale=/usr/lib/locale/C.utf8
[[ -d $locale ]] || die "$locale is missing: install Debian's libc-bin (glibc 2.35 or newer)."
mkdir -p "$runtime/usr/lib/locale"
cp -RL "$locale" "$runtime/usr/lib/locale/"

cp -R "$files/." "$layer/"
mkdir -p "$layer/tmp" "$layer/data"

# Modes independent of the umask and of the source files': 755 for directories and programs, 644 else.
chmod -R u+rwX,go+rX,go-w "$runtime" "$layer"
chmod 1777 "$layer/tmp"

# One reproducible layer tar: sorted, times fixed, owned by root but for the paths given after --user.
layer_tar() {
    local dir=$1 out=$2
    shift 2
    local common=(--format=gnu --sort=name --mtime="$epoch" --numeric-owner --hard-dereference -C "$dir")
    local owned=()
    if [[ ${1:-} == --user ]]; then
        shift
        owned=("$@")
    fi
    local exclude=()
    for p in "${owned[@]}"; do exclude+=(--exclude="./$p"); done
    tar "${common[@]}" --owner=0 --group=0 "${exclude[@]}" -cf "$out" .
    if ((${#owned[@]})); then
        tar "${common[@]}" --owner=$uid --group=$uid --no-recursion -rf "$out" "${owned[@]/#/./}"
    fi
}
image=$work/image
mkdir -p "$image"
layer_tar "$runtime" "$image/runtime.tar"
layer_tar "$layer" "$image/files.tar" --user data
diff_runtime=$(sha256sum "$image/runtime.tar" | cut -d' ' -f1)
diff_files=$(sha256sum "$image/files.tar" | cut -d' ' -f1)

created=1970-01-01T00:00:01Z
printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_runtime\",\"sha256:$diff_files\"]},\
\"history\":[{\"created\":\"$created\",\"created_by\":\"whittle-dist base-image.sh: Java $WHITTLE_JDK_RUNTIME runtime (${add//,/ }) and the C library it loads\"},\
{\"created\":\"$created\",\"created_by\":\"whittle-dist base-image.sh: /etc, /tmp, /data for user $uid\"}]}" \
    >"$image/config.json"
printf '%s' '[{"Config":"config.json","RepoTags":["whittle-base:latest"],"Layers":["runtime.tar","files.tar"]}]' \
    >"$image/manifest.json"
mkdir -p "$(dirname "$tar")"
tar --format=gnu --sort=name --mtime="$epoch" --owner=0 --group=0 --numeric-owner -C "$image" \
    -cf "$tar" manifest.json config.json runtime.tar files.tar
echo "base-image.sh: Java $WHITTLE_JDK_RUNTIME runtime with ${add//,/ }; $(du -sh "$runtime" | cut -f1) unpacked; $tar"
