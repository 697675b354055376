#!/usr/bin/env bash
# The packages as a user gets them (issue 23): CPack builds the .deb and the .tar.gz from the
# build tree; the .deb is unpacked into a throw-away root (dpkg-deb -x, no root needed) and the
# installed programs run from there: `focus --version`, `focus fetch` on the installed demo
# genome (compared with samtools faidx on the source copy), the browser's batch mode finding its
# demo genome beside its own executable, and the desktop entry and AppStream file validated by
# desktop-file-validate and appstreamcli. Depends must name runtime packages, never -dev ones.
#   test-package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G "DEB;TGZ" -B "$work/pkg" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/pkg/*.deb)
tgz=$(ls "$work"/pkg/*.tar.gz)
echo "packages: $(basename "$deb") ($(stat -c %s "$deb") bytes), $(basename "$tgz") ($(stat -c %s "$tgz") bytes)"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
[ -n "$depends" ] || fail "no Depends (dpkg-shlibdeps did not run?)"
if grep -Eq -- '-dev([ ,(]|$)' <<<"$depends"; then fail "a -dev package in Depends"; fi
for needed in libhts3 libbigwig0 libqt6widgets6 libtorch; do
  grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed"
done

dpkg-deb -x "$deb" "$work/root"
usr="$work/root/usr"
"$usr/bin/focus" --version | grep -q "focus $(dpkg-deb -f "$deb" Version)" || fail "focus --version"
"$usr/bin/focus" fetch "$usr/share/focus-browser/data/genomes/20.fa.gz" 20:5075001-5075300 > "$work/installed.fa"
samtools faidx "$src/data/genomes/20.fa.gz" 20:5075001-5075300 > "$work/samtools.fa"
cmp -s "$work/installed.fa" "$work/samtools.fa" || fail "focus fetch from the installed tree differs from samtools faidx"

desktop-file-validate "$usr/share/applications/focus-browser.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$usr/share/metainfo/io.github.focus_browser.FocusBrowser.metainfo.xml" || fail "appstreamcli validate"
for page in focus focus-browser; do
  ls "$usr/share/man/man1/$page.1"* > /dev/null 2>&1 || fail "no man page for $page"
done
zcat -f "$usr/share/man/man1/focus.1"* | grep -q "fetch" || fail "the focus man page lacks its commands"
# ... and every subcommand's options (its SUBCOMMANDS section), e.g. train-model's --context-schedule.
man_text=$(zcat -f "$usr/share/man/man1/focus.1"*)
for sub in fetch contigs merge compare score vep ism adapter train-adapter train-model; do
  grep -q "^\.SS \"focus $sub\"" <<< "$man_text" || fail "the focus man page lacks the options of 'focus $sub'"
done
grep -q -- "--context-schedule" <<< "$man_text" || fail "the focus man page lacks train-model's options"
for size in 16 32 48 256; do
  [ -s "$usr/share/icons/hicolor/${size}x${size}/apps/focus-browser.png" ] || fail "no ${size}px icon"
done
[ -s "$usr/share/icons/hicolor/scalable/apps/focus-browser.svg" ] || fail "no scalable icon"

# Run from anywhere: the installed browser opens the demo genome installed beside it.
cd "$work"
printf 'goto 20:5,075,001-5,075,200\nsnapshot shot.png\nsaveSession session.json\nexit\n' > script.txt
QT_QPA_PLATFORM=offscreen "$usr/bin/focus-browser" -b script.txt || fail "focus-browser -b from the installed tree"
[ -s shot.png ] || fail "no snapshot"
grep -q '"root/usr/share/focus-browser/data/genomes/20.fa.gz"' session.json ||
  { cat session.json; fail "the installed browser did not open its own demo genome"; }

tar -tzf "$tgz" > "$work/tgz.list"
grep -q '^focus-browser-[^/]*/bin/focus-browser$' "$work/tgz.list" || fail "the .tar.gz lacks bin/focus-browser"
grep -q '^focus-browser-[^/]*/share/focus-browser/models/demo/model.safetensors$' "$work/tgz.list" ||
  fail "the .tar.gz lacks the demo model"
echo "test-package: OK"
