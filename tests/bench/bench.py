#!/usr/bin/env python3
# bench.py — runs Cutout's benchmarks against their baselines and writes RESULTS.md
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Called by tests/bench/run.sh (the one command), which builds everything
# first; see there. Not part of `meson test`: figures, never assertions.

import concurrent.futures
import datetime
import glob
import json
import os
import platform
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib

KEY = 'test-key-valid'
ROUNDS = int(os.environ.get('BENCH_ROUNDS', '3'))


def log(*args):
    print('[bench]', *args, file=sys.stderr, flush=True)


def measure(cmd, env=None, cwd=None):
    """Runs @cmd under GNU time; returns wall s, CPU s (user+sys of it and
    its waited-for children) and peak RSS MiB. GNU time forks from its own
    small process: a child forked from Python would inherit Python's RSS
    high-water mark across exec()."""
    with tempfile.NamedTemporaryFile('r', suffix='.time') as out:
        start = time.monotonic()
        proc = subprocess.run(['/usr/bin/time', '-f', '%U %S %M', '-o', out.name, *cmd], env=env, cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.monotonic() - start
        if proc.returncode != 0:
            raise RuntimeError('%s failed (%d): %s' % (cmd[0], proc.returncode,
                                                       proc.stderr[-2000:].decode(errors='replace')))
        user, system, rss_kib = out.read().split()[-3:]
    return {'wall': wall, 'cpu': float(user) + float(system), 'rss': int(rss_kib) / 1024.0}


class FakeServer:
    def __init__(self, exe, extra=()):
        self.proc = subprocess.Popen([exe, '--port', '0', '--no-processing', *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith('http'):
            raise RuntimeError('fake server did not print its URL')

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


# --- inputs ------------------------------------------------------------

def make_photos(cache, n):
    """@n distinct ~5 MB 4000×3000 JPEGs cut from the gnome-backgrounds
    pictures at different offsets, with a little grain so that they compress
    like photographs. Cached across runs."""
    os.makedirs(cache, exist_ok=True)
    sources = sorted(glob.glob('/usr/share/backgrounds/gnome/*.webp')) + \
        sorted(glob.glob('/usr/share/backgrounds/gnome/*.jpg')) + \
        sorted(glob.glob('/usr/share/backgrounds/gnome/*.png'))
    if not sources:
        raise RuntimeError('no pictures in /usr/share/backgrounds/gnome (gnome-backgrounds)')
    mpcs = []
    for src in sources:
        mpc = os.path.join(cache, os.path.splitext(os.path.basename(src))[0] + '.mpc')
        if not os.path.exists(mpc):
            subprocess.run(['convert', src, '-resize', '4096x4096^', mpc], check=True)
        mpcs.append(mpc)

    def one(i):
        out = os.path.join(cache, 'photo-%04d.jpg' % i)
        if os.path.exists(out):
            return out
        src = mpcs[i % len(mpcs)]
        x, y = (i * 7) % 96, (i * 53) % 1096
        subprocess.run(['convert', src, '-crop', '4000x3000+%d+%d' % (x, y), '+repage',
                        '-attenuate', '0.18', '+noise', 'Gaussian', '-quality', '95',
                        out + '.tmp.jpg'], check=True)
        os.rename(out + '.tmp.jpg', out)
        return out

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        return list(pool.map(one, range(n)))


def png_chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def write_png(path, tag, pad=0):
    """A real 64×48 PNG made distinct by a tEXt chunk; @pad bytes of an
    ancillary private chunk make it as large as wanted (decoders skip it)."""
    rows = []
    for y in range(48):
        rows.append(b'\0' + b''.join(bytes(((x * 4) & 255, (y * 5) & 255, (tag * 13) & 255)) for x in range(64)))
    data = b'\x89PNG\r\n\x1a\n'
    data += png_chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 48, 8, 2, 0, 0, 0))
    data += png_chunk(b'tEXt', b'Comment\0bench image %d' % tag)
    if pad:
        data += png_chunk(b'paDd', bytes(pad))
    data += png_chunk(b'IDAT', zlib.compress(b''.join(rows)))
    data += png_chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(data)


def make_pngs(folder, n, pad=0):
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        write_png(os.path.join(folder, 'img-%05d.png' % i), i, pad)
    return sorted(os.path.join(folder, f) for f in os.listdir(folder))


# --- the clients ---------------------------------------------------------

def cli_cmd(ctx, folder, out, extra=()):
    return [ctx['cli'], '--no-history', '--jobs', '4', *extra, '-o', out, folder]


def cli_env(ctx, url, home):
    env = dict(os.environ)
    env.update({'CUTOUT_API_URL': url, 'CUTOUT_ACCOUNT_URL': url, 'CUTOUT_API_KEY': KEY,
                'GSETTINGS_BACKEND': 'memory', 'HOME': home, 'XDG_DATA_HOME': home + '/data',
                'XDG_CONFIG_HOME': home + '/config', 'XDG_CACHE_HOME': home + '/cache',
                'LC_ALL': 'C.UTF-8'})
    return env


def curl_cmd(url, files, out, workdir):
    conf = os.path.join(workdir, 'curl.conf')
    with open(conf, 'w') as f:
        for i, path in enumerate(files):
            if i:
                f.write('next\n')
            f.write('url = "%s/rmbg"\noutput = "%s/%s.webp"\nform = "image=@%s"\n'
                    'form = "format=webp"\nheader = "x-api-key: %s"\nfail\nsilent\nshow-error\n'
                    % (url, out, os.path.basename(path), path, KEY))
    return ['curl', '--parallel', '--parallel-max', '4', '-K', conf]


def node_cmd(ctx, url, files, out):
    return ['node', ctx['rembg_js'], url, out, *files]


# Two more rows of the batch table, to say where cutout-cli's CPU goes:
# its local part alone (preflight and SHA-256 of every input, no upload),
# and the least a client on libsoup can do (bench-soup-floor.c).
DRY_RUN = 'cutout-cli --dry-run'
FLOOR = 'libsoup floor'


def run_round(ctx, name, url, folder, files, work, extra=()):
    out = os.path.join(work, 'out-' + name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    if name == 'cutout-cli':
        result = measure(cli_cmd(ctx, folder, out, extra), env=cli_env(ctx, url, work))
    elif name == DRY_RUN:
        extra = ('--dry-run',)
        result = measure(cli_cmd(ctx, folder, out, extra), env=cli_env(ctx, url, work))
    elif name == FLOOR:
        result = measure([ctx['floor'], url, out, *files], env=cli_env(ctx, url, work))
    elif name == 'curl':
        result = measure(curl_cmd(url, files, out, work))
    else:
        env = dict(os.environ, REMBG_API_KEY=KEY, NODE_PATH=ctx['node_path'])
        result = measure(node_cmd(ctx, url, files, out), env=env)
    n_out = sum(len(f) for _, _, f in os.walk(out))
    if '--dry-run' not in extra and n_out != len(files):
        raise RuntimeError('%s wrote %d answers for %d files' % (name, n_out, len(files)))
    shutil.rmtree(out, ignore_errors=True)
    return result


def median_of(rounds):
    return {k: statistics.median(r[k] for r in rounds) for k in ('wall', 'cpu', 'rss')}


# --- the benchmarks ------------------------------------------------------

def bench_batch(ctx, work):
    n = ctx['n']
    log('making %d photographs (cached in %s)' % (n, ctx['cache']))
    photos = make_photos(ctx['cache'], n)
    folder = os.path.join(work, 'photos')
    os.makedirs(folder)
    for p in photos:
        # Hard links (a copy across file systems): folders are searched
        # without following symbolic links.
        try:
            os.link(p, os.path.join(folder, os.path.basename(p)))
        except OSError:
            shutil.copyfile(p, os.path.join(folder, os.path.basename(p)))
    sizes = [os.path.getsize(p) for p in photos]
    files = [os.path.join(folder, os.path.basename(p)) for p in photos]
    tools = ['cutout-cli', 'curl'] + (['rembg.js'] if ctx['node_path'] else []) + [DRY_RUN, FLOOR]
    results = {t: [] for t in tools}
    server = FakeServer(ctx['server'])
    try:
        for r in range(ROUNDS):
            order = tools[r % len(tools):] + tools[:r % len(tools)]
            for t in order:
                log('batch round %d: %s' % (r + 1, t))
                results[t].append(run_round(ctx, t, server.url, folder, files, work))
    finally:
        server.stop()
    return {'n': n, 'mean_mb': statistics.mean(sizes) / 1e6, 'min_mb': min(sizes) / 1e6,
            'max_mb': max(sizes) / 1e6, 'total_mb': sum(sizes) / 1e6,
            'rembg_version': ctx['rembg_version'] if ctx['node_path'] else '',
            'median': {t: median_of(v) for t, v in results.items()}, 'raw': results}


def bench_memory(ctx, work):
    server = FakeServer(ctx['server'])
    rows = []
    try:
        cases = [('%d small PNGs' % n, n, 0) for n in (10, 100, 1000)]
        cases += [('8 × 1 MB PNGs', 8, 1 << 20), ('8 × 45 MB PNGs', 8, 45 << 20)]
        for label, n, pad in cases:
            folder = os.path.join(work, 'mem-%d-%d' % (n, pad))
            files = make_pngs(folder, n, pad)
            row = {'case': label}
            for t in ('cutout-cli', 'curl'):
                log('memory %s: %s' % (label, t))
                row[t] = median_of([run_round(ctx, t, server.url, folder, files, work) for _ in range(ROUNDS)])
            rows.append(row)
            shutil.rmtree(folder)
        if os.environ.get('BENCH_DRY_RUN_10000', '1') == '1':
            folder = os.path.join(work, 'mem-dry')
            files = make_pngs(folder, 10000)
            log('memory 10000 --dry-run')
            rows.append({'case': '10,000 small PNGs, --dry-run',
                         'cutout-cli': median_of([run_round(ctx, 'cutout-cli', server.url, folder, files, work,
                                                            extra=('--dry-run',)) for _ in range(ROUNDS)])})
            shutil.rmtree(folder)
    finally:
        server.stop()
    return rows


def where_cpu_goes(med):
    """The paragraph under the batch table that splits cutout-cli's CPU."""
    if DRY_RUN not in med or FLOOR not in med:
        return ''
    o, c, d, f = med['cutout-cli'], med['curl'], med[DRY_RUN], med[FLOOR]
    text = ('Where cutout-cli\'s CPU goes. Its local part alone (`%s`: preflight, SHA-256 of every input '
            'and the credit forecast, nothing sent) takes %.2f s. `bench-soup-floor` sends the same multipart '
            'bodies through libsoup\'s blocking API from 4 threads and does nothing else (no hash, no checks, '
            'no progress, no durable rename): %.2f s, %.2f× curl. Together %.2f s of cutout-cli\'s %.2f s. '
            'libsoup writes a request body in 8 KiB steps (`g_output_stream_splice`), curl in 64 KiB ones: '
            'eight times the `sendto` calls.'
            % (DRY_RUN, d['cpu'], f['cpu'], f['cpu'] / c['cpu'], d['cpu'] + f['cpu'], o['cpu']))
    if f['cpu'] > c['cpu']:
        text += (' The floor of any client on libsoup is above curl here before Cutout does any work of its '
                 'own, so CPU ≤ curl cannot be met with libsoup.')
    return text


def run_json(cmd):
    log('running', ' '.join(cmd))
    return json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout)


def bench_startup(build):
    """Process start → first painted frame of the window, ours against
    Debian's gnome-text-editor, on one Xvfb and one session bus; the two
    apps take turns so drift in the machine's load hits both.

    Under Xvfb the GL renderer runs on llvmpipe, which compiles each
    shader variant with LLVM the first time it is used and keeps the
    result in Mesa's shader cache. "warm" gives each app its own cache
    that persists across rounds, as a user's ~/.cache does after the
    first start (round 0 fills it and is not counted); "cold" gives every
    round an empty cache: the very first start after installing."""
    rounds = int(os.environ.get('BENCH_STARTUP_ROUNDS', '10'))
    cold_rounds = int(os.environ.get('BENCH_STARTUP_COLD_ROUNDS', '3'))
    tmp = tempfile.mkdtemp(prefix='cutout-bench-startup-')
    probe = shlex.quote(os.path.join(build, 'bench-startup'))
    apps = {
        'cutout': 'GSETTINGS_SCHEMA_DIR=%s CUTOUT_API_KEY=%s CUTOUT_API_URL=http://127.0.0.1:9 '
                  'CUTOUT_ACCOUNT_URL=http://127.0.0.1:9 %s 1 %s' % (
                      shlex.quote(os.path.join(build, 'data')), KEY, probe,
                      shlex.quote(os.path.join(build, 'src/ui/cutout'))),
        'gnome-text-editor': '%s 1 gnome-text-editor --standalone' % probe,
    }
    lines = ['export GSETTINGS_BACKEND=memory']
    for i in range(rounds + 1):
        for name, cmd in apps.items():
            lines.append('printf "warm %s %%s\\n" "$(MESA_SHADER_CACHE_DIR=%s/warm-%s BENCH_STARTUP_HOME=%s/home-%s %s)"'
                         % (name, tmp, name, tmp, name, cmd))
    for i in range(cold_rounds):
        for name, cmd in apps.items():
            lines.append('printf "cold %s %%s\\n" "$(MESA_SHADER_CACHE_DIR=%s/cold-%s-%d %s)"' % (name, tmp, name, i, cmd))
    log('start-up: %d warm and %d cold rounds of each app under Xvfb' % (rounds, cold_rounds))
    try:
        out = subprocess.run(['xvfb-run', '-a', '-s', '-screen 0 1280x900x24', 'dbus-run-session', '--',
                              'sh', '-c', '\n'.join(lines)], check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    runs = {(kind, name): [] for kind in ('warm', 'cold') for name in apps}
    for line in out.splitlines():
        parts = line.split(' ', 2)
        if len(parts) == 3 and (parts[0], parts[1]) in runs and parts[2].startswith('{'):
            d = json.loads(parts[2])
            runs[(parts[0], parts[1])].append({'frame': d['rounds_ms'][0], 'map': d['map_ms'][0]})
    result = {'rounds': rounds, 'cold_rounds': cold_rounds,
              'gte_version': subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'gnome-text-editor'],
                                            stdout=subprocess.PIPE, text=True).stdout.strip()}
    for (kind, name), rs in runs.items():
        if kind == 'warm':
            rs = rs[1:]
        if not rs:
            raise RuntimeError('start-up: no %s rounds of %s were measured' % (kind, name))
        frames = sorted(r['frame'] for r in rs)
        result.setdefault(kind, {})[name] = {
            'frame_p50': statistics.median(frames),
            'frame_p95': frames[min(len(frames) - 1, int(round(0.95 * (len(frames) - 1))))],
            'map_p50': statistics.median(r['map'] for r in rs),
            'raw': [r['frame'] for r in rs]}
    return result


def run_markdown(cmd, env=None):
    """Runs a benchmark program that prints its own Markdown tables (and
    a last line of JSON, left out here)."""
    log('running', ' '.join(cmd))
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ, **(env or {}))).stdout
    # The accessibility registry the session bus starts says hello on stdout.
    return {'markdown': '\n'.join(l for l in out.splitlines()
                                  if not l.startswith('{') and 'SpiRegistry' not in l).strip()}


# --- the report ----------------------------------------------------------

def machine():
    model = '?'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        mem_kib = int(f.readline().split()[1])
    return {'nproc': os.cpu_count(), 'cpu': model, 'ram_gib': mem_kib / 1024 / 1024,
            'kernel': platform.release(), 'os': platform.freedesktop_os_release().get('PRETTY_NAME', '?')}


def verdict(ok):
    return '**met**' if ok else '**missed**'


def write_report(path, ctx, m, batch, memory, history, preview, startup, drop, history_ui, when):
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    L = ['# Cutout benchmark results', '',
         'Written by `tests/bench/run.sh` on %s. Release build (`meson setup -Dbuildtype=release`); '
         'every benchmark runs ours and its baseline in the same run, %d rounds, medians shown.' % (now, ROUNDS), '',
         '## Machine', '',
         '| | |', '|---|---|',
         '| CPU | %s |' % m['cpu'], '| nproc | %d |' % m['nproc'], '| RAM | %.1f GiB |' % m['ram_gib'],
         '| kernel | %s |' % m['kernel'], '| OS | %s |' % m['os'], '']
    if batch:
        med = batch['median']
        c = med['curl']
        L += ['## 1. Batch throughput', '',
              '%d distinct photographs, 4000×3000 JPEG q95 cut from `gnome-backgrounds` at different offsets '
              '(mean %.2f MB, %.2f–%.2f MB, %.0f MB in all), uploaded 4 at a time to `cutout-fake-server '
              '--no-processing` on 127.0.0.1 with `format=webp`; answers written to files. '
              'BENCH_N=%d (default 200).' % (batch['n'], batch['mean_mb'], batch['min_mb'], batch['max_mb'],
                                              batch['total_mb'], batch['n']), '',
              '| client | wall s | CPU s (user+sys) | peak RSS MiB | wall ÷ curl | CPU ÷ curl |',
              '|---|---:|---:|---:|---:|---:|']
        for t, v in med.items():
            L.append('| %s | %.2f | %.2f | %.1f | %.2f× | %.2f× |' % (t, v['wall'], v['cpu'], v['rss'],
                                                                       v['wall'] / c['wall'], v['cpu'] / c['cpu']))
        o = med['cutout-cli']
        L += ['', 'Clients: `cutout-cli --no-history --jobs 4 -o OUT DIR`; `curl --parallel --parallel-max 4` '
              '(one `-F image=@file -F format=webp -H x-api-key` transfer per file); the official Node wrapper '
              '`@remove-background-ai/rembg.js` %s run 4 at a time by `rembg-batch.js` (it hard-codes '
              'https://api.rembg.com, so an axios interceptor rewrites that prefix to the fake server).'
              % batch['rembg_version'] if batch.get('rembg_version') else '',
              '', '| target | figure | |', '|---|---|---|',
              '| wall ≤ 1.05× curl | %.2f× | %s |' % (o['wall'] / c['wall'], verdict(o['wall'] <= 1.05 * c['wall'])),
              '| CPU ≤ curl | %.2f× | %s |' % (o['cpu'] / c['cpu'], verdict(o['cpu'] <= c['cpu'])),
              '| peak RSS ≤ 48 MB | %.1f MiB | %s |' % (o['rss'], verdict(o['rss'] * 1.048576 <= 48)), '',
              where_cpu_goes(med), '',
              'Per round (wall s / CPU s / RSS MiB): ' + '; '.join(
                  '%s: %s' % (t, ', '.join('%.2f/%.2f/%.0f' % (r['wall'], r['cpu'], r['rss']) for r in rs))
                  for t, rs in batch['raw'].items()), '']
    if memory:
        L += ['## 2. Memory flatness', '',
              'Peak RSS of `cutout-cli --no-history --jobs 4` (and of curl with the same transfers as the '
              'baseline) against `--no-processing`. Small PNGs are real 64×48 images made distinct by a tEXt '
              'chunk; the 1 MB and 45 MB PNGs carry an ancillary private chunk of padding.', '',
              '| case | cutout-cli RSS MiB | cutout-cli wall s | curl RSS MiB | curl wall s |',
              '|---|---:|---:|---:|---:|']
        for row in memory:
            o, c = row['cutout-cli'], row.get('curl')
            L.append('| %s | %.1f | %.2f | %s | %s |' % (row['case'], o['rss'], o['wall'],
                                                         '%.1f' % c['rss'] if c else '–', '%.2f' % c['wall'] if c else '–'))
        L.append('')
    if history:
        L += ['## 3. History with %d jobs' % history['jobs'], '',
              'A store filled with %d jobs (%.1f s to insert, in batches of 5,000). Each query = count + first '
              'page of 100, newest first, as the history page asks; %d rounds, p50/p95. Baseline: the naive SQL '
              'on the same file (`LIKE \'%%text%%\'`, `ORDER BY created_us DESC, id DESC`).'
              % (history['jobs'], history['fill_ms'] / 1000, history['rounds']), '',
              '| query | text | ours p50 ms | ours p95 ms | naive p50 ms | naive p95 ms | ours ÷ naive (p50) | target |',
              '|---|---|---:|---:|---:|---:|---:|---|']
        for c in history['cases']:
            target = ''
            if c['name'] == 'page_open':
                target = '< 100 ms (p95): ' + verdict(c['ours_p95_ms'] < 100)
            elif c['name'].startswith('search'):
                target = '< 30 ms (p95): ' + verdict(c['ours_p95_ms'] < 30)
            L.append('| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f× | %s |' % (
                c['name'], c['text'] or '–', c['ours_p50_ms'], c['ours_p95_ms'], c['naive_p50_ms'],
                c['naive_p95_ms'], c['ours_p50_ms'] / c['naive_p50_ms'], target))
        L += ['', '`page_open` reopens the store each time (open + migrate check + count + first page); '
              '`first_page` uses the open store.', '']
    if preview:
        p = preview
        L += ['## 4. Preview: option change → new frame', '',
              '%d×%d source (24 MP), `cutout_render_make_proxy` once (%.1f ms), then `cutout_render_preview` '
              'at %s for each of %d changes of angle/expand/bg_color. Baseline: gdk-pixbuf scaling the full '
              'source to the view and compositing over the colour per change (no rotation).'
              % (p['width'], p['height'], p['proxy_ms'], p['view'], p['changes']), '',
              '| renderer | p50 ms | p95 ms | max ms |', '|---|---:|---:|---:|',
              '| ours (proxy + preview) | %.2f | %.2f | %.2f |' % (p['ours_p50_ms'], p['ours_p95_ms'], p['ours_max_ms']),
              '| gdk-pixbuf full-size | %.2f | %.2f | %.2f |' % (p['naive_p50_ms'], p['naive_p95_ms'], p['naive_max_ms']),
              '', 'p95 < 16 ms: %.2f ms, %s; %.1f× faster than the baseline at p50.'
              % (p['ours_p95_ms'], verdict(p['ours_p95_ms'] < 16), p['naive_p50_ms'] / p['ours_p50_ms']), '']
    if startup:
        w, c = startup['warm'], startup['cold']
        L += ['## 5. Start-up: process start → first frame', '',
              'Both apps started in turns on one Xvfb (1280×900, no window manager) and one session bus, '
              'XDG folders as said below. `bench-startup` (plain Xlib) notes when the first '
              'top-level window is mapped and when its pixels first show painted content. Cutout starts '
              'with a key from the environment (its Queue page); its first frame shows the header bar, '
              'the Queue page and the options panel\'s place, empty: the panel comes in the next frame, '
              'History and Usage in the two after (`cutout-window.c`, late_tick_cb). gnome-text-editor %s '
              'with `--standalone` (an empty document). GTK draws with GL on llvmpipe here, which compiles each shader variant '
              'with LLVM on first use and keeps it in Mesa\'s shader cache: **warm** = each app keeps its '
              'own shader cache and its own home (settings, database, caches) across rounds, as a returning '
              'user does (%d rounds, round 0 fills them and is not counted); **cold** = an empty cache and '
              'home every round, the first start after installing (%d rounds).' % (startup['gte_version'], startup['rounds'], startup['cold_rounds']), '',
              '| start | app | first frame p50 ms | p95 ms | window mapped p50 ms |', '|---|---|---:|---:|---:|']
        for kind, d in (('warm', w), ('cold', c)):
            for name, label in (('cutout', 'Cutout'), ('gnome-text-editor', 'gnome-text-editor')):
                L.append('| %s | %s | %.0f | %.0f | %.0f |' % (kind, label, d[name]['frame_p50'],
                                                             d[name]['frame_p95'], d[name]['map_p50']))
        ow, tw = w['cutout']['frame_p50'], w['gnome-text-editor']['frame_p50']
        oc, tc = c['cutout']['frame_p50'], c['gnome-text-editor']['frame_p50']
        L += ['', 'Target ≤ 1.0× gnome-text-editor (warm, p50): %.2f×, %s. Cold: %.2f×.'
              % (ow / tw, verdict(ow <= tw), oc / tc), '']
    if drop:
        L += ['## 6. Dropping 10,000 files on the window', '',
              '`tests/bench/bench-drop.sh`: the real window under Xvfb, a `GdkFileList` of 10,000 real small '
              'PNGs dropped through the Queue page\'s drop target; the longest main-loop stall and the time '
              'until every row is listed, against a plain GtkListView over the same files. Targets: rows '
              'listed < 1 s, longest stall < 50 ms.', '', drop['markdown'], '']
    if history_ui:
        L += ['## 7. The History page with 100,000 jobs, in the window', '',
              '`tests/bench-history-ui` (built with the UI): the real History page over a store of 100,000 '
              'jobs under Xvfb; the store-only figures of section 3 are its baseline. Targets: page open '
              '< 100 ms, search < 30 ms.', '', history_ui['markdown'], '']
    L += ['Sections measured: ' + ', '.join('%s %s' % (k, v) for k, v in sorted(when.items())) + '.', '']
    with open(path, 'w') as f:
        f.write('\n'.join(L))


def main():
    build, results = sys.argv[1], sys.argv[2]
    ctx = {'cli': os.path.join(build, 'src/cli/cutout-cli'),
           'server': os.path.join(build, 'tests/fake-server/cutout-fake-server'),
           'floor': os.path.join(build, 'bench-soup-floor'),
           'n': int(os.environ.get('BENCH_N', '200')),
           'cache': os.environ.get('BENCH_CACHE', os.path.join(tempfile.gettempdir(), 'cutout-bench-photos')),
           'node_path': os.environ.get('BENCH_NODE_PATH', ''),
           'rembg_js': os.path.join(os.path.dirname(os.path.abspath(__file__)), 'rembg-batch.js'),
           'rembg_version': os.environ.get('BENCH_REMBG_VERSION', '')}
    sections = ['batch', 'memory', 'history', 'preview', 'startup', 'drop', 'history-ui']
    # BENCH_ONLY=none rewrites RESULTS.md from RESULTS.json alone.
    only = os.environ.get('BENCH_ONLY', ','.join(sections)).split(',')
    # A run of a subset keeps the other sections' last figures (with the
    # date they were measured), so RESULTS.md always shows every benchmark.
    store = results.replace('.md', '.json')
    try:
        with open(store) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    data.setdefault('when', {})
    work = tempfile.mkdtemp(prefix='cutout-bench-')
    runners = {
        'batch': lambda: bench_batch(ctx, work),
        'memory': lambda: bench_memory(ctx, work),
        'history': lambda: run_json([os.path.join(build, 'bench-history'),
                                     os.environ.get('BENCH_HISTORY_JOBS', '100000'), '30']),
        'preview': lambda: run_json([os.path.join(build, 'bench-preview'), '100']),
        'startup': lambda: bench_startup(build),
        'drop': lambda: run_markdown(['bash', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                           'bench-drop.sh'), '10000', str(ROUNDS)],
                                     {'BENCH_DROP_BUILDDIR': build}),
        'history-ui': lambda: run_markdown(['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24', 'dbus-run-session',
                                            '--', os.path.join(build, 'tests/bench-history-ui'),
                                            os.environ.get('BENCH_HISTORY_JOBS', '100000'), '10'],
                                           {'GSETTINGS_BACKEND': 'memory', 'NO_AT_BRIDGE': '1'}),
    }
    try:
        for name in sections:
            if name in only:
                data[name] = runners[name]()
                data['when'][name] = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    finally:
        shutil.rmtree(work, ignore_errors=True)
    when = {k: v for k, v in data['when'].items() if data.get(k)}
    write_report(results, ctx, machine(), *(data.get(k) for k in sections), when)
    with open(store, 'w') as f:
        json.dump(data, f, indent=1)
    log('wrote', results, 'and', store)


if __name__ == '__main__':
    main()
