#!/usr/bin/env python3
"""Check that docs/troubleshooting.md lists every error message the code can show.

Usage: check_troubleshooting.py [SOURCE_ROOT] [--list]

Scans core/, widgets/ and app/ (every *.cpp and *.h, recursively) for the places where a message
meant for a person is built:

  * focus::Error(...)              throw Error(...), throw focus::Error(...), return Error(...),
                                   Error(QStringLiteral(...)...)
  * the project's throwing helpers (HELPERS below: fail, damaged, need, requireInRange, ...)
                                   and any other function declared [[noreturn]]
  * GUI error texts                QMessageBox::warning/critical(...), showError(...),
                                   qWarning/qCritical(...), reply(...) of batch commands,
                                   emit failed(...)/errorMessage(...), assignments to a variable
                                   named *error*/*problem* (m_error = tr(...), *error = ...),
                                   returns inside the widgets' *problem*/check* functions, and
                                   command-port/batch replies ("Error: ...", "UNKNOWN COMMAND")
  * CLI error lines                std::cerr << ... and fprintf(stderr, ...) in app/

For each site it cuts the message's string literals (adjacent literals joined) at placeholders
(%1, %s, ...) and at concatenations into literal fragments, and drops those with fewer than
MIN_LETTERS letters ("'", ": ", "' of '"). The first fragment is the message's key (it names the
message in reports and the allow-list); every fragment must appear in docs/troubleshooting.md
(whitespace collapsed, case ignored, "\\|" read as "|"), so a row must give the message as the code
words it, not a paraphrase. It exits 1 listing every message (file:line and the fragments the page
lacks). --list prints every message and its fragments.

Standard library only.
"""
import os
import re
import sys

SOURCE_DIRS = ("core", "widgets", "app")
DOC = os.path.join("docs", "troubleshooting.md")
MIN_LETTERS = 6  # "' is empty" (7 letters) counts; "' of '", ": ", "' in '" do not

# Helpers that throw (or build) an Error from the text they are given. Functions declared
# [[noreturn]] are found by themselves; lambdas and conditional throwers are named here:
#   fail, damaged, tensorFail, problem, reject, wrongType: "<file>:<line>: <text>"-style wrappers
#   need, inRange (config validation), requireInRange (core/common/Limits.h: "<what> is <v>; it
#   must be in <min>..<max>", the literal is <what>), requireArgs (batch commands: "usage: ...")
HELPERS = {"fail", "damaged", "tensorFail", "problem", "reject", "wrongType",
           "need", "inRange", "requireInRange", "requireArgs"}

# Fragments at error sites that are not messages a user of the browser or the CLI can see.
# Each entry: (path suffix, fragment); keep the reason next to it.
ALLOWED = {
    # app/tools/render_icon: a build-time tool that renders the icon set; not installed.
    ("app/tools/render_icon.cpp", "usage: render_icon SVG OUTDIR SIZE..."),
    ("app/tools/render_icon.cpp", "render_icon: cannot read"),
    ("app/tools/render_icon.cpp", "render_icon: cannot write"),
    # app/cli: progress and summary lines written to stderr, not errors.
    ("app/cli/ScoreCommands.cpp", "bits/base, KV cache"),  # `score` summary line
    ("app/cli/TrainCommands.cpp", "bits/base k"),  # train-adapter step line
    ("app/cli/TrainCommands.cpp", "bits/base lr"),  # train-model step line
    ("app/cli/GenomeCommands.cpp", "bases in"),  # `merge` summary line
}

# ---------------------------------------------------------------------------------------------
# Lexing: comments blanked out (newlines kept), string literals located and decoded.

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "?": "?",
           "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def decode(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            if n == "x":
                m = re.match(r"[0-9A-Fa-f]+", body[i + 2:])
                out.append(chr(int(m.group(0), 16)) if m else "x")
                i += 2 + (len(m.group(0)) if m else 0)
                continue
            out.append(ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def lex(text):
    """Returns (code, literals): code is text with comments and literal bodies blanked (same
    length, same newlines); literals is a list of (start, end, value) in code order."""
    code = list(text)
    literals = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                code[k] = " "
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if code[k] != "\n":
                    code[k] = " "
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^()\\\s]{0,16})\(', text[i:])
            if not m:
                i += 1
                continue
            close = ")" + m.group(1) + '"'
            body_start = i + m.end()
            j = text.find(close, body_start)
            j = n if j < 0 else j
            literals.append((i, j + len(close), text[body_start:j]))
            for k in range(i + 2, j + len(close) - 1):
                if code[k] != "\n":
                    code[k] = " "
            i = j + len(close)
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                literals.append((i, j + 1, decode(text[i + 1:j])))
            for k in range(i + 1, min(j, n)):
                code[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(code), literals


# ---------------------------------------------------------------------------------------------
# Sites and fragments.

PLACEHOLDER = re.compile(r"%(?:\d+|[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcsp])")


def closing(code, open_pos, stop=")"):
    """Index of the bracket that closes code[open_pos] ('(' or '{'); with stop=';', the end of the
    statement that starts at open_pos."""
    depth = 0
    for k in range(open_pos, len(code)):
        ch = code[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and stop == ")":
                return k
            if depth < 0:
                return k
        elif ch == ";" and depth == 0 and stop == ";":
            return k
    return len(code)


def merged_literals(code, literals, start, end):
    """The literals between start and end, adjacent ones ("a" "b") joined."""
    out = []
    last_end = None
    for s, e, value in literals:
        if s < start or e > end:
            continue
        if out and code[last_end:s].strip() == "":
            out[-1] = (out[-1][0], out[-1][1] + value)
        else:
            out.append((s, value))
        last_end = e
    return out


def letters(text):
    return sum(ch.isalpha() for ch in text)


def fragments(pieces):
    """Every literal fragment of a message (the text between placeholders and concatenations)
    with at least MIN_LETTERS letters, in order; the first is the message's key."""
    out = []
    for value in pieces:
        for part in PLACEHOLDER.split(value):
            part = " ".join(part.split())
            if letters(part) >= MIN_LETTERS and part not in out:
                out.append(part)
    return out


FUNCTION_HEADER = re.compile(r"^(?!(?:namespace|using|return|if|for|while|switch|class|struct|template|enum|"
                             r"case|default|else|public|private|protected|typedef|static_assert)\b)"
                             r"[A-Za-z_][^;{}()=]*?\b(\w+)\s*\(", re.M)
PROBLEM_FUNCTION = re.compile(r"(?i)problem|^check|^copyFileAtomically$|^regionOverlap$")


def sites(path, rel, text):
    """Yields (line, fragments) for each error site in one file."""
    code, literals = lex(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos):
        lo, hi = 0, len(line_starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid
        return lo + 1

    helpers = set(HELPERS) | set(re.findall(r"\[\[noreturn\]\]\s*(?:static\s+)?(?:inline\s+)?void\s+(?:\w+::)*(\w+)\s*\(", code))
    spans = {}  # open position -> (start, end) of the text holding the message

    call_patterns = [
        r"(?<![\w:.>])(?:focus::)?Error\s*\(",
        r"(?<![\w:])(?:" + "|".join(sorted(helpers)) + r")\s*\(",
        r"QMessageBox::(?:warning|critical)\s*\(",
        r"(?<![\w:])showError\s*\(",
        r"\bemit\s+(?:failed|errorMessage)\s*\(",
        r"\bq(?:Warning|Critical)\s*\(",
    ]
    if rel.startswith("widgets/"):
        call_patterns.append(r"(?<![\w:.>])reply\s*\(")  # a batch/port command's answer (an error when not empty)
    if rel.startswith("app/"):
        call_patterns.append(r"\bfprintf\s*\(\s*stderr\s*,")
    for pattern in call_patterns:
        for m in re.finditer(pattern, code):
            open_pos = code.rfind("(", m.start(), m.end())
            if open_pos in spans:
                continue
            spans[open_pos] = (open_pos, closing(code, open_pos))

    if rel.startswith("app/"):
        for m in re.finditer(r"std::cerr\s*<<", code):
            spans.setdefault(m.start(), (m.start(), closing(code, m.start(), ";")))

    if rel.startswith("widgets/"):
        # m_error = tr(...), *error = QStringLiteral(...), problem_ = ..., loadError_ = ...
        for m in re.finditer(r"(?<![\w.>:])\*?\w*(?:[Ee]rror|[Pp]roblem)\w*\s*=(?!=)", code):
            spans.setdefault(m.start(), (m.end(), closing(code, m.end(), ";")))
        # Returns inside functions that say what is wrong (wizard pages, output-folder checks).
        headers = [(m.start(), m.group(1)) for m in FUNCTION_HEADER.finditer(code)]
        for m in re.finditer(r"\breturn\b", code):
            name = None
            for start, fname in headers:
                if start > m.start():
                    break
                name = fname
            if not name or not PROBLEM_FUNCTION.search(name):
                continue
            end = closing(code, m.end(), ";")
            rest = re.sub(r"\s", "", code[m.end():end])
            if rest.startswith("{{}") or rest.startswith("{}"):
                continue  # {problem, note} with no problem: a note, not an error
            spans.setdefault(m.start(), (m.end(), end))
        # Replies on the command port and in batch logs.
        for s, e, value in literals:
            if re.match(r"(Error: \S|UNKNOWN COMMAND)", value):
                spans.setdefault(s, (s, e))

    seen = set()
    for start, end in sorted(spans.values()):
        pieces = [v for _, v in merged_literals(code, literals, start, end)]
        found = fragments(pieces)
        if not found:
            continue
        key = (line_of(start), found[0])
        if key in seen:
            continue
        seen.add(key)
        yield key[0], found


def normalise(text):
    return " ".join(text.replace("\\|", "|").split()).lower()


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    root = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), "..", ".."))
    doc_path = os.path.join(root, DOC)
    try:
        with open(doc_path, encoding="utf-8") as f:
            doc = normalise(f.read())
    except OSError as e:
        print(f"check_troubleshooting: cannot read {doc_path}: {e.strerror}", file=sys.stderr)
        return 1

    checked, fragment_count, missing, allowed_used = 0, 0, [], set()
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith((".cpp", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for line, found in sites(path, rel, text):
                    allow = next((a for a in ALLOWED if rel.endswith(a[0]) and any(a[1] in f for f in found)), None)
                    if allow:
                        allowed_used.add(allow)
                        continue
                    checked += 1
                    fragment_count += len(found)
                    if "--list" in argv:
                        print(f"{rel}:{line}: " + " ... ".join(found))
                    lacking = [f for f in found if normalise(f) not in doc]
                    if lacking:
                        missing.append(f"{rel}:{line}: " + " ... ".join(lacking))

    stale = sorted(ALLOWED - allowed_used)
    for path, fragment in stale:
        print(f"check_troubleshooting: allow-list entry no longer matches anything: {path}: {fragment!r}")
    if missing:
        print(f"{len(missing)} of {checked} messages are not (or not wholly) in {DOC}:")
        for m in missing:
            print("  " + m)
        print("Add a row for each (the message as the code words it, what it means, what to do).")
        return 1
    if stale:
        return 1
    print(f"check_troubleshooting: all {checked} messages ({fragment_count} literal fragments) are in {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
