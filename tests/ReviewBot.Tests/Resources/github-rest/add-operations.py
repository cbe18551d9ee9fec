#!/usr/bin/env python3
"""Adds operations to operations.json from npm @octokit/openapi (generated/api.github.com.deref.json), in the same shape.

    npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz
    python3 add-operations.py package/generated/api.github.com.deref.json pulls/delete-pending-review pulls/submit-review
"""
import json
import sys

source, wanted = sys.argv[1], set(sys.argv[2:])
description = json.load(open(source))
target = json.load(open('operations.json'))
known = {o['operationId'] for o in target['operations']}
for path, item in description['paths'].items():
    for method, op in item.items():
        if not isinstance(op, dict) or op.get('operationId') not in wanted or op['operationId'] in known:
            continue
        entry = {'method': method.upper(), 'path': path, 'operationId': op['operationId'], 'summary': op.get('summary'),
                 'parameters': op.get('parameters', [])}
        body = (op.get('requestBody') or {}).get('content', {}).get('application/json')
        if body:
            entry['requestBodySchema'] = body.get('schema')
            entry['requestExamples'] = body.get('examples')
        entry['responses'] = {}
        for code, response in op['responses'].items():
            content = response.get('content', {}).get('application/json', {})
            entry['responses'][code] = {'description': response.get('description'), 'schema': content.get('schema'),
                                        'examples': content.get('examples')}
        target['operations'].append(entry)
        print('added', op['operationId'])
json.dump(target, open('operations.json', 'w'), indent=1)
