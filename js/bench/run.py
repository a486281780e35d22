#!/usr/bin/env python3
"""glossa's WebAssembly build in Node against npm language identifiers: `make bench-js`.

Installs the npm peers (pinned; one npm project each under --peers-dir,
skipped when already there), samples dev lines at the three lengths exactly
as bench/run.py does (its functions are reused: same seed, same lines, same
label mapping, same scoring), runs glossa.wasm and every peer in node on
them, and writes one table to bench/RESULTS-js.md. The native CLI's
answers are compared with the wasm build's. A peer that cannot be installed
or run gets a row saying why.
"""
import argparse
import datetime
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEER_ADAPTERS = os.path.join(ROOT, 'bench', 'peers')
WASM = os.path.join(ROOT, 'js', 'glossa.wasm')

spec = importlib.util.spec_from_file_location('bench_run', os.path.join(ROOT, 'bench', 'run.py'))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

# key: the label mapping of bench/labels.tsv; npm: pinned packages; node:
# the adapter; package: what the peer puts on disk (its installed package).
PEERS = [
    dict(key='cld3', name='CLD3 (cld3-asm)', npm={'cld3-asm': '4.0.0'}, node=os.path.join(PEER_ADAPTERS, 'cld3.mjs'),
         package='cld3-asm', how='CLD3 compiled to WebAssembly (Emscripten)'),
    dict(key='lingua', name='lingua (@bluzzi/lingua)', npm={'@bluzzi/lingua': '1.5.0'},
         node=os.path.join(PEER_ADAPTERS, 'lingua.mjs'), package='@bluzzi/lingua',
         how='lingua-rs compiled to WebAssembly, high accuracy, models preloaded'),
    dict(key='franc', name='franc-all', npm={'franc-all': '7.2.0'}, node=os.path.join(PEER_ADAPTERS, 'franc.mjs'),
         package='franc-all', how='franc with all its languages, minLength 1'),
    dict(key='eld', name='eld', npm={'eld': '2.1.0'}, node=os.path.join(PEER_ADAPTERS, 'eld.mjs'), package='eld',
         how='eld, its "large" database'),
    dict(key='tinyld', name='tinyld', npm={'tinyld': '1.3.4'}, node=os.path.join(HERE, 'tinyld.mjs'),
         package='tinyld', how='tinyld, its default ("normal") build'),
]


def npm_install(project, packages):
    """npm packages {name: version} into the npm project dir; None or the reason of failure."""
    def installed(name, version):
        try:
            with open(os.path.join(project, 'node_modules', name, 'package.json')) as f:
                return json.load(f).get('version') == version
        except (OSError, ValueError):
            return False
    if all(installed(n, v) for n, v in packages.items()):
        return None
    if not shutil.which('npm'):
        return 'npm not found'
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, 'package.json'), 'w') as f:
        json.dump({'private': True, 'dependencies': packages}, f, indent=2)
    bench.log('npm install in %s: %s' % (project, ', '.join(sorted(packages))))
    r = subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'], cwd=project,
                       capture_output=True, text=True)
    missing = ['%s@%s' % (n, v) for n, v in sorted(packages.items()) if not installed(n, v)]
    return 'npm install %s failed: %s' % (' '.join(missing), bench.last_line(r.stderr)) if missing else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--corpus', default='../shared/corpus')
    ap.add_argument('--glossa-driver', required=True, help="bench/run.py's glossa driver (native)")
    ap.add_argument('--peers-dir', required=True, help='npm projects of the peers (outside git)')
    ap.add_argument('--lines', type=bench.line_count, default=200, help='dev lines per language, or "all"')
    ap.add_argument('--runs', type=int, default=5, help='timed runs on whole lines')
    ap.add_argument('--seed', type=int, default=4)
    ap.add_argument('--out', default=os.path.join(ROOT, 'bench', 'RESULTS-js.md'))
    args = ap.parse_args()
    corpus_arg = args.corpus
    args.corpus = os.path.abspath(args.corpus)
    labels = bench.Labels(args.corpus)
    glossa_cmd = [os.path.abspath(args.glossa_driver)]
    if bench.apt_install(['time']):
        sys.exit('bench-js: /usr/bin/time is missing')
    peers_dir = os.path.abspath(args.peers_dir)
    wasm_dir = os.path.join(peers_dir, 'glossa-wasm')
    os.makedirs(wasm_dir, exist_ok=True)
    wasm = dict(key='glossa', name='glossa (wasm)', dir=wasm_dir, node=True,
                cmd=['node', os.path.join(HERE, 'glossa.mjs')])
    peers = [dict(p) for p in PEERS]
    for p in peers:
        p['dir'] = os.path.join(peers_dir, p['key'])
        reason = npm_install(p['dir'], p['npm'])
        if reason:
            p['error'] = reason
        p['cmd'] = ['node', p['node']]
    with tempfile.TemporaryDirectory(prefix='glossa-bench-js-') as workdir:
        codes, inputs = bench.make_inputs(args, labels, glossa_cmd, workdir)
        glossa_set = bench.languages_of(labels, codes)
        dev_codes = bench.languages_of(labels, bench.set_codes(args.corpus, 'dev'))
        whole_bytes = os.path.getsize(inputs['whole line'][0]) - len(inputs['whole line'][1])
        bench.log('%d languages, %s inputs' % (len(codes), '/'.join(str(len(inputs[l][1])) for l in bench.LENGTHS)))
        bench.log('glossa (native) ...')
        native = bench.measure({'key': 'glossa', 'cmd': glossa_cmd}, inputs, args.runs)
        bench.log('glossa (wasm) ...')
        w = bench.measure(wasm, inputs, args.runs)
        rows = []
        run = lambda p: (bench.measure(p, inputs, args.runs), bench.inventory(p, labels, None))
        for p, row, (res, inv) in bench.measured_peers(peers, rows, run):
            shared = glossa_set & inv
            row.update(covered=len(dev_codes & inv), shared=len(shared),
                       disk=bench.disk_size([os.path.join(p['dir'], 'node_modules')]))
            row['acc'] = [bench.score(p['key'], labels, res['answers'][l], inputs[l][1], shared)[0]
                          for l in bench.LENGTHS]
            row['wasm_acc'] = [bench.score('glossa', labels, w['answers'][l], inputs[l][1], shared)[0]
                               for l in bench.LENGTHS]
            row['mbps'] = whole_bytes / 1e6 / bench.fastest(res['detect_s'])
            row['load_ms'] = bench.fastest(res['load_ms'])
            row['peak_kb'] = res['peak_kb']
        for row, p in zip(rows, peers):
            row['how'] = p['how']
    differ = sum(a != b for l in bench.LENGTHS for a, b in zip(native['answers'][l], w['answers'][l]))
    total = sum(len(inputs[l][1]) for l in bench.LENGTHS)

    def own(res):
        acc = [bench.score('glossa', labels, res['answers'][l], inputs[l][1], glossa_set)[0] for l in bench.LENGTHS]
        return dict(covered=len(glossa_set), shared=len(glossa_set), acc=acc, wasm_acc=acc,
                    mbps=whole_bytes / 1e6 / bench.fastest(res['detect_s']),
                    load_ms=bench.fastest(res['load_ms']), peak_kb=res['peak_kb'])

    wasm_row = dict(own(w), name='**glossa (wasm)**', how='this package (js/), glossa.wasm in node',
                    disk=bench.disk_size([WASM] + [os.path.join(ROOT, 'js', f) for f in
                                                   ('core.js', 'node.js', 'browser.js', 'index.d.ts')]))
    native_row = dict(own(native), name='glossa (native, for reference)', how='the C library (bench/run.py\'s driver)',
                      disk=os.path.getsize(os.path.join(ROOT, 'model', 'glossa.model')))
    with open(WASM, 'rb') as f:
        wasm_gz = len(gzip.compress(f.read(), 9))
    write(args, corpus_arg, rows, wasm_row, native_row, inputs, len(codes), len(dev_codes), differ, total, wasm_gz)


def write(args, corpus_arg, rows, wasm_row, native_row, inputs, n_codes, n_dev, differ, total, wasm_gz):
    date = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    node = subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()
    extra = ' '.join('%s=%s' % (k, v) for k, v, d in (('BENCH_LINES', 'all' if args.lines is None else args.lines, 200), ('BENCH_RUNS', args.runs, 5),
                                                       ('CORPUS', corpus_arg, '../shared/corpus')) if str(v) != str(d))
    out = ['# glossa in JavaScript against npm language identifiers\n',
           'Generated by `make bench-js` (js/bench/run.py) on %s: do not edit; reproduce with `make bench-js%s`.  ' % (
               date, ' ' + extra if extra else ''),
           'Node %s, one core (`taskset -c %s`). Corpus: `%s`, %d of its dev files (those glossa knows; %d dev languages '
           'in all), %s of each (the lines of bench/run.py): %s inputs.\n' % (
               node, bench.BENCH_CPU, corpus_arg, n_codes, n_dev, bench.sample_text(args),
               ' / '.join('%d' % len(inputs[l][1]) for l in bench.LENGTHS)),
           'Accuracy is given as whole line / two words / one word, in %, on the languages the peer and glossa '
           'share; "glossa (wasm) accuracy" is the wasm build scored on those same lines. Speed: whole lines, fastest '
           'of the runs, load excluded. "wasm speed ×" is the wasm build\'s MB/s over the peer\'s (above 1: glossa '
           'is faster). "on disk": the installed npm package with its dependencies (for native glossa, its model file).\n']
    head = ['peer', 'dev langs', 'shared', 'accuracy', 'glossa (wasm) accuracy', 'MB/s', 'load', 'peak mem',
            'on disk', 'wasm speed ×']
    out.append('| ' + ' | '.join(head) + ' |')
    out.append('|' + '---|' * len(head))
    for row in [wasm_row, native_row] + rows:
        if row.get('error'):
            out.append('| %s | %s |' % (row['name'], ' | '.join(['—'] * (len(head) - 2) + [
                'did not run: ' + row['error'].replace('|', '/')])))
            continue
        out.append('| ' + ' | '.join([
            row['name'], str(row['covered']), str(row['shared']), bench.fmt3(row['acc']), bench.fmt3(row['wasm_acc']),
            '%.2f' % row['mbps'], '%.0f ms' % row['load_ms'], '%.0f MB' % (row['peak_kb'] / 1024),
            bench.human_bytes(row['disk']),
            '—' if row is wasm_row else '%.2f' % (wasm_row['mbps'] / row['mbps'])]) + ' |')
    out.append('')
    out.append('glossa.wasm: %s (%d bytes; %s gzipped), of which the model is %s. The wasm build gives the native '
               'library\'s answer on %d of %d inputs.  ' % (
                   bench.human_bytes(os.path.getsize(WASM)), os.path.getsize(WASM), bench.human_bytes(wasm_gz),
                   bench.human_bytes(os.path.getsize(os.path.join(ROOT, 'model', 'glossa.model'))),
                   total - differ, total))
    out.append('The peers: ' + '; '.join('%s: %s' % (r['name'], r['how']) for r in rows) + '. lingua-wasm is not on '
               'npm; @bluzzi/lingua is lingua-rs compiled to WebAssembly. Peak memory is the resident set of the node '
               'process (`/usr/bin/time -f %M`), which holds the whole input and the runtime (~40 MB). Load: importing '
               'and instantiating (glossa: compiling glossa.wasm and loading its model). The machine\'s other core '
               'may be busy during the run.\n')
    text = '\n'.join(out) + '\n'
    print(text)
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
