#!/usr/bin/env python3
"""Regenerates continuum-tapi-deviations.yang: loads the unchanged TAPI modules with yanglint and, for each configuration
leafref libyang rejects (target not config), adds a deviation that keeps the leafref and its path but sets
require-instance false (TAPI's own workaround, see connection-ref in tapi-connectivity). Run from this directory:
    python3 generate-deviations.py /work/shared/reference/tapi/yang"""
import re, subprocess, sys

tapi = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/reference/tapi/yang'
modules = ['tapi-common', 'tapi-topology', 'tapi-connectivity', 'tapi-path-computation', 'tapi-notification', 'tapi-photonic-media']
out = 'continuum-tapi-deviations.yang'
header = open(out).read().split('module continuum-tapi-deviations', 1)[0]
deviations = []


def write():
    imports, body = {'tapi-common'}, ''
    for node, target in deviations:
        imports.update(re.findall(r'(tapi-[a-z-]+):', node + target))
        body += (f'  deviation "{node}" {{\n    deviate replace {{\n    type leafref {{\n      path \'{target}\';\n'
                 f'      require-instance false;\n    }}\n    }}\n  }}\n')
    text = ('module continuum-tapi-deviations {\n  yang-version 1.1;\n  namespace "urn:continuum-pce:yang:continuum-tapi-deviations";\n'
            '  prefix ctd;\n' + ''.join(f'  import {m} {{ prefix {m}; }}\n' for m in sorted(imports)) + body + '}\n')
    open(out, 'w').write(header + text)


while True:
    write()
    result = subprocess.run(['yanglint', '-p', tapi, out] + [f'{tapi}/{m}.yang' for m in modules], capture_output=True, text=True)
    match = re.search(r'Invalid leafref path "([^"]+)".*?Schema location "([^"]+)"', result.stderr)
    if not match:
        print(result.stderr or f'{len(deviations)} deviations; the modules compile')
        break
    target, location = match.group(1), match.group(2)
    prefix, steps = None, []
    for step in location.strip('/').split('/'):
        if ':' in step:
            prefix = step.split(':')[0]
            steps.append(step)
        else:
            steps.append(f'{prefix}:{step}')
    deviations.append(('/' + '/'.join(steps), target))
